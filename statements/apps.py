from django.apps import AppConfig


class StatementsConfig(AppConfig):
    name = "statements"
    verbose_name = "Demarche records"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from diplomacy import checks  # noqa: F401 (registers the system checks)

        from . import bound
        from .counts import forget_counts
        from .exports import kept
        from .search import restore_sqlite_triggers

        post_migrate.connect(restore_sqlite_triggers, sender=self)
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(forget_counts, dispatch_uid=f"forget_counts_{signal}")
        kept.connect()
        bound.connect()
