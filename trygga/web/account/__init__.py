"""Log-in with a second factor, enrolment of an authenticator, recovery codes, and the
person's own security page."""
