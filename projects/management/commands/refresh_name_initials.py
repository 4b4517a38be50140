from django.core.management.base import BaseCommand

from projects.models import Project
from projects.pinyin import name_initials


class Command(BaseCommand):
    help = "Recompute the pinyin initials used by search (after bulk loads that bypass Project.save)."

    def handle(self, *args, **options):
        changed = []
        for project in Project.objects.only("pk", "name", "name_initials").iterator(chunk_size=2000):
            initials = name_initials(project.name)
            if initials != project.name_initials:
                project.name_initials = initials
                changed.append(project)
        Project.objects.bulk_update(changed, ["name_initials"], batch_size=1000)
        self.stdout.write(f"Updated the pinyin initials of {len(changed)} projects.")
