from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Demarche records"

    def ready(self):
        from django.db.models.signals import post_migrate

        from diplomacy import checks  # noqa: F401 (registers the system checks)

        from .search import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, sender=self)
