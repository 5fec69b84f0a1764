from typing import Any

from factory.declarations import PostGenerationMethodCall, Sequence
from factory.django import DjangoModelFactory
from factory.faker import Faker

from coproduce.accounts.models import User

PASSWORD = "correct-horse-battery"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"user{n}@example.org")
    full_name = Faker("name", locale="en_GB")
    password = PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        # Save once, after set_password() has hashed the password.
        if create:
            instance.save()
