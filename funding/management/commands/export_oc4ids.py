from django.core.management.base import BaseCommand, CommandError

from funding import oc4ids
from projects.models import Project


class Command(BaseCommand):
    help = "Write the OC4IDS 0.9 project package of all projects (to stdout or --output FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write; standard output when omitted")
        parser.add_argument("--validate", action="store_true", help="check the package against the schema first")

    def handle(self, *args, output=None, validate=False, **options):
        package = oc4ids.project_package(projects=Project.objects.all())
        if not package["projects"]:
            # The standard requires at least one project in a package.
            raise CommandError("There are no projects to export.")
        if validate:
            errors = oc4ids.validation_errors(package)
            if errors:
                raise CommandError("The package is not valid OC4IDS:\n" + "\n".join(errors[:20]))
        text = oc4ids.dumps(package)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(self.style.SUCCESS(f"Wrote {len(package['projects'])} projects to {output}"))
        else:
            self.stdout.write(text)
