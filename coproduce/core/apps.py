from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "coproduce.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.tasks.signals import task_finished, task_started

        from . import logs

        # Lines logged while a task runs carry its id.
        task_started.connect(logs.task_started, dispatch_uid="coproduce.core.logs.task_started")
        task_finished.connect(logs.task_finished, dispatch_uid="coproduce.core.logs.task_finished")
