"""Register-specific factories beyond tests/factories.py."""

import factory

from projects.models import ResponsibleParty
from tests.factories import ProjectFactory


class ResponsiblePartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResponsibleParty

    project = factory.SubFactory(ProjectFactory)
    role = "construction"
    organisation = factory.Sequence(lambda n: f"建设集团{n}")
    contact_name = "张工"
    contact_phone = "13800000000"
