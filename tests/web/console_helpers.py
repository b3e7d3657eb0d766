"""A member of staff in the console, signed in through its own pages."""

from __future__ import annotations

from tests.staff_factories import create_staff, next_code
from tests.web.helpers import Visitor


class StaffVisitor(Visitor):
    def csrf_token(self) -> str:
        if "csrf_token" not in self.page:
            self.get("/console/sign-in")
        return super().csrf_token()

    def sign_in(self, person, runtime, steps_ahead: int = 1):
        self.get("/console/sign-in")
        self.post("/console/sign-in", {"email": person.email, "password": person.password})
        return self.post("/console/sign-in/code",
                         {"code": next_code(person, runtime.clock(), steps_ahead)})


def signed_in_staff(client, runtime, **overrides):
    with runtime.database.session() as session:
        person = create_staff(session, runtime.staff, **overrides)
    visitor = StaffVisitor(client)
    visitor.sign_in(person, runtime)
    return visitor, person
