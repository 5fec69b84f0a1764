from typing import Any

from factory.declarations import LazyFunction, PostGenerationMethodCall, Sequence
from factory.django import DjangoModelFactory
from faker import Faker

from coproduce.accounts.models import User

PASSWORD = "correct-horse-battery"
_NAMES = Faker("en_GB")


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = Sequence(lambda n: f"user{n}@example.org")
    # Without apostrophes (O'Connor), which pages show escaped, so that tests can look for the name as typed.
    full_name = LazyFunction(lambda: _NAMES.name().replace("'", ""))
    password = PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: Any = None) -> None:
        # Save once, after set_password() has hashed the password.
        if create:
            instance.save()
