"""Make the first organiser on a new installation (a member with staff rights)."""

from __future__ import annotations

import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from profiles import services


class Command(BaseCommand):
    help = "Create an organiser account: python manage.py create_organiser --email you@example.nl --name 'Your Name'"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Display name")
        parser.add_argument("--superuser", action="store_true", help="Also give all rights in the admin")

    def handle(self, *args, email: str, name: str, superuser: bool, **options) -> None:
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise CommandError(f"An account with {email} exists already.")
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The passwords differ.")
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user = services.member_create(email=email, password=password, display_name=name, is_staff=True)
        if superuser:
            user.is_superuser = True
            user.save(update_fields=["is_superuser"])
        self.stdout.write(self.style.SUCCESS(f"Organiser {email} created."))
