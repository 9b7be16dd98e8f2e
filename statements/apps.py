from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Demarche records"

    def ready(self):
        from diplomacy import checks  # noqa: F401 (registers the system checks)
