"""The permission matrix: for every URL of the project, the answer each role gets.

Keys are URL names (`namespace:name`), or the route itself for the few unnamed patterns.
Each entry is a list of cases (one object behind the URL each: a report of the reporter's
organisation and one of the viewer's, an approved and a draft lägesbild, ...). A case gives
the expected answer to GET and to POST for every role, in the order of `ROLES`:

    anonymous, viewer, reporter, coordinator, administrator, outsider, superuser

The members work for three organisations of Eskilstuna (tests/security/world.py): the
viewer for the police, the reporter for the housing company, the coordinator and the
administrator for the municipality's safety office. The outsider is an administrator of
Stockholm; the superuser is a system administrator with no membership.

Rows built with `capability()` come straight from `permissions.CAPABILITIES` (the table in
docs/security.md): the roles of the capability get `ok`, the others `refused`, anonymous
visitors are sent to log in and members of another municipality get 404. Rows written out
by hand are those where the object decides (own organisation's report, owner of a measure)
or where the page is outside the model (log-in, public pages, the admin).

A refused answer must also write nothing: the test compares the row counts of every table
before and after each refused request.
"""

from dataclasses import dataclass, field

from trygga.accounts.permissions import CAPABILITIES

ROLES = (
    "anonymous",
    "viewer",
    "reporter",
    "coordinator",
    "administrator",
    "outsider",
    "superuser",
)
MEMBER_ROLES = ("viewer", "reporter", "coordinator", "administrator")


@dataclass(frozen=True)
class Answer:
    """What an answer may be: its status, where a redirect goes, whether it is a refusal."""

    label: str
    statuses: tuple[int, ...]
    location: str = ""  # a redirect's Location starts with this
    refused: bool = False  # a refusal writes nothing

    def __repr__(self) -> str:
        return self.label


OK = Answer("200", (200,))
CREATED = Answer("201", (201,))
LOGIN = Answer("login", (302,), "/konto/login/", refused=True)
ADMIN_LOGIN = Answer("admin-login", (302,), "/admin/login/", refused=True)
FORBIDDEN = Answer("403", (403,), refused=True)
NOT_FOUND = Answer("404", (404,), refused=True)
NOT_ALLOWED = Answer("405", (405,), refused=True)
BAD_REQUEST = Answer("400", (400,), refused=True)
UNSUPPORTED = Answer("415", (415,), refused=True)
# An allowed form sent empty: the form again with its errors (200 or 400), or done and on
# to another page (302, never to a log-in page).
FORM = Answer("form", (200, 302, 400))


def redirect(prefix: str, *, refused: bool = False) -> Answer:
    return Answer(f"302>{prefix}", (302,), prefix, refused=refused)


Row = tuple[Answer, ...]


def row(*answers: Answer) -> Row:
    assert len(answers) == len(ROLES), answers
    return answers


def everyone(answer: Answer) -> Row:
    return (answer,) * len(ROLES)


def logged_in(answer: Answer, anonymous: Answer = LOGIN) -> Row:
    return (anonymous, *(answer,) * (len(ROLES) - 1))


CAPABILITY = {c.code: c for c in CAPABILITIES}


def capability(
    code: str, *, ok: Answer = OK, refused: Answer = FORBIDDEN, anonymous: Answer = LOGIN
) -> Row:
    """The row of a capability in the documented model (`permissions.CAPABILITIES`)."""
    roles = CAPABILITY[code].roles
    members = tuple(ok if role in roles else refused for role in MEMBER_ROLES)
    return (anonymous, *members, NOT_FOUND, ok)


GET_ONLY = everyone(NOT_ALLOWED)
PUBLIC = everyone(OK)
MEMBERS = capability("read_events")  # every role of the municipality, nobody else
API_MEMBERS = capability("read_events", anonymous=FORBIDDEN)


@dataclass(frozen=True)
class Case:
    """One object behind a URL: its parameters (names of `World.values`), the answers."""

    get: Row
    post: Row = GET_ONLY
    kwargs: dict[str, str] = field(default_factory=dict)
    query: str = ""
    data: dict[str, str] = field(default_factory=dict)  # the POST body (a form)
    json: object = None  # or a JSON POST body
    path: str = ""  # for unnamed patterns: the path itself
    label: str = ""


# `code` is filled with Eskilstuna's code wherever a route has it.
LB = {"pk": "lagesbild"}
LB_DRAFT = {"pk": "lagesbild_draft"}
PLAN = {"pk": "plan"}
MEASURE = {"pk": "plan", "mid": "measure"}
REPORT = {"service_request_id": "report_id"}  # the housing company's (the reporter's)
POLICE_REPORT = {"service_request_id": "police_report_id"}  # the police's (the viewer's)
JURISDICTION = "jurisdiction_id=0484"

READ_OWN_REPORT = row(LOGIN, NOT_FOUND, OK, OK, OK, NOT_FOUND, OK)
READ_POLICE_REPORT = row(LOGIN, OK, NOT_FOUND, OK, OK, NOT_FOUND, OK)

MATRIX: dict[str, list[Case]] = {
    # ------------------------------------------------------------------ log-in and account
    "login": [Case(get=PUBLIC, post=everyone(FORM))],
    "logout": [Case(get=GET_ONLY, post=everyone(redirect("/konto/login/")))],
    "password_change": [Case(get=logged_in(OK), post=logged_in(FORM))],
    "password_change_done": [Case(get=logged_in(OK), post=logged_in(NOT_ALLOWED))],
    "password_reset": [Case(get=PUBLIC, post=everyone(FORM))],
    "password_reset_done": [Case(get=PUBLIC)],
    "password_reset_confirm": [
        # A link that is not valid: the page says so, to everyone.
        Case(get=PUBLIC, post=PUBLIC, kwargs={"uidb64": "bad_uid", "token": "bad_token"})
    ],
    "password_reset_complete": [Case(get=PUBLIC)],
    # The second step only follows a password step in the same session.
    "account:verify": [Case(get=everyone(LOGIN), post=everyone(LOGIN))],
    "account:enrol": [Case(get=logged_in(OK), post=logged_in(FORM))],
    "account:recovery_codes": [
        Case(
            get=logged_in(redirect("/konto/sakerhet/")),
            post=logged_in(redirect("/konto/sakerhet/")),
        )
    ],
    "account:security": [Case(get=logged_in(OK), post=logged_in(FORM))],
    "set_language": [Case(get=everyone(redirect("/")), post=everyone(redirect("/")))],
    # ---------------------------------------------------------------------------- the API
    "api-municipalities": [
        # Lists the municipalities one belongs to (the outsider's own, nothing else).
        Case(get=logged_in(OK, FORBIDDEN), post=logged_in(NOT_ALLOWED, FORBIDDEN))
    ],
    "api-municipality": [
        Case(get=API_MEMBERS, post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN))
    ],
    "api-districts": [
        Case(get=API_MEMBERS, post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN))
    ],
    "api-districts-geojson": [
        Case(get=API_MEMBERS, post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN))
    ],
    "api-district": [
        Case(
            get=API_MEMBERS,
            post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN),
            kwargs={"district_code": "district_code"},
        )
    ],
    "api-organisations": [
        Case(get=API_MEMBERS, post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN))
    ],
    "api-categories": [
        Case(get=API_MEMBERS, post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN))
    ],
    "api-sources": [
        Case(get=API_MEMBERS, post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN))
    ],
    "api-events": [
        Case(
            get=API_MEMBERS,
            post=capability("log_events", ok=CREATED, anonymous=FORBIDDEN),
            json={
                "category": "graffiti",
                "occurred_from": "2025-03-07T23:10:00+01:00",
                "lon": 16.53,
                "lat": 59.3585,
                "description": "Klotter på elskåp.",
            },
        )
    ],
    "api-event": [
        Case(
            get=API_MEMBERS,
            post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN),
            kwargs={"event_id": "event_id"},
            label="partners",
        ),
        Case(
            get=capability("read_all_restricted", refused=NOT_FOUND, anonymous=FORBIDDEN),
            kwargs={"event_id": "restricted_id"},
            # The method is refused before the event is looked up.
            post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN),
            label="restricted, the safety office's",
        ),
    ],
    **{
        f"api-analysis-{table}": [
            Case(
                get=API_MEMBERS,
                post=capability("read_events", ok=NOT_ALLOWED, anonymous=FORBIDDEN),
            )
        ]
        for table in ("counts", "rates", "change", "patterns", "hotspots", "repeats")
    },
    "api-schema": [Case(get=PUBLIC)],
    "api-docs": [Case(get=PUBLIC)],
    "^api/": [Case(get=everyone(NOT_FOUND), post=everyone(NOT_FOUND), path="/api/v1/finns-inte/")],
    # ------------------------------------------------------------------------ Open311
    "open311:discovery": [Case(get=PUBLIC, kwargs={"fmt": "json_fmt"})],
    "open311:services": [Case(get=PUBLIC, kwargs={"fmt": "xml_fmt"}, query=JURISDICTION)],
    "open311:service-definition": [
        Case(
            get=PUBLIC,
            kwargs={"fmt": "json_fmt", "service_code": "service_code"},
            query=JURISDICTION,
        )
    ],
    "open311:requests": [
        # Anyone reads the public view; a POST without an API key is refused (403).
        Case(
            get=PUBLIC,
            post=everyone(FORBIDDEN),
            kwargs={"fmt": "json_fmt"},
            query=JURISDICTION,
            data={"service_code": "klotter", "lat": "59.3712", "long": "16.509"},
        )
    ],
    "open311:request": [
        Case(
            get=PUBLIC,
            kwargs={"fmt": "json_fmt", "service_request_id": "report_id"},
            query=JURISDICTION,
        )
    ],
    "open311:token": [
        Case(get=PUBLIC, kwargs={"fmt": "json_fmt", "token": "open311_token"}, query=JURISDICTION)
    ],
    "open311/v2/^(?P<rest>.*)\\.(?P<fmt>json)$": [
        Case(get=everyone(NOT_FOUND), post=everyone(NOT_FOUND), path="/open311/v2/finns-inte.json")
    ],
    "open311:not-found": [
        Case(get=everyone(NOT_FOUND), post=everyone(NOT_FOUND), path="/open311/v2/finns-inte")
    ],
    # ------------------------------------------------------------------ events and maps
    "web:home": [
        Case(
            get=row(
                LOGIN,
                redirect("/0484/"),
                redirect("/0484/"),
                redirect("/0484/"),
                redirect("/0484/"),
                redirect("/0180/"),
                OK,  # a superuser chooses among every municipality
            )
        )
    ],
    "web:overview": [Case(get=MEMBERS)],
    "web:event_list": [Case(get=MEMBERS)],
    "web:event_create": [
        Case(get=capability("log_events"), post=capability("log_events", ok=FORM))
    ],
    "web:event_detail": [
        Case(get=MEMBERS, kwargs={"event_id": "event_id"}, label="partners"),
        Case(
            get=capability("read_all_restricted", refused=NOT_FOUND),
            kwargs={"event_id": "restricted_id"},
            label="restricted, the safety office's",
        ),
    ],
    "web:map": [Case(get=MEMBERS)],
    "web:event_import": [Case(get=capability("import"), post=capability("import", ok=FORM))],
    "web:map_events": [Case(get=MEMBERS)],
    "web:map_districts": [Case(get=MEMBERS)],
    # ------------------------------------------------------------------------ oversight
    "web:audit_log": [Case(get=capability("oversee"))],
    "web:audit_log_csv": [Case(get=capability("oversee"))],
    "web:access": [Case(get=capability("oversee"))],
    # ------------------------------------------------------------------------- analysis
    "web:analysis": [Case(get=MEMBERS)],
    "web:analysis_hotspots": [Case(get=MEMBERS)],
    "web:analysis_csv": [Case(get=MEMBERS, kwargs={"table": "analysis_table"})],
    # ----------------------------------------------------------- citizen reports, public
    "web:report_start": [Case(get=PUBLIC)],
    "web:report_districts": [Case(get=PUBLIC)],
    "web:report_form": [
        Case(get=PUBLIC, post=everyone(FORM), kwargs={"service_code": "service_code"})
    ],
    "web:report_nearby": [
        Case(get=PUBLIC, kwargs={"service_code": "service_code"}, query="lat=59.3712&lon=16.509")
    ],
    "web:report_tracking": [
        Case(get=PUBLIC, kwargs={"token": "token"}),
        Case(get=everyone(NOT_FOUND), kwargs={"token": "bad_token"}, label="unknown token"),
    ],
    "web:report_receipt": [
        Case(get=PUBLIC, kwargs={"token": "token"}),
        Case(get=everyone(NOT_FOUND), kwargs={"token": "bad_token"}, label="unknown token"),
    ],
    "web:report_public_photo": [
        Case(get=PUBLIC, kwargs={"token": "token"}, label="published photo"),
        Case(get=everyone(NOT_FOUND), kwargs={"token": "bad_token"}, label="unknown token"),
    ],
    # ------------------------------------------------------------ citizen reports, staff
    "web:report_queue": [Case(get=capability("read_own_reports"))],
    "web:report_fix_times": [Case(get=capability("read_own_reports"))],
    "web:report_bulk": [
        Case(
            get=GET_ONLY,
            # The viewer reads the police's report but may not handle it: back to the queue
            # with the refusal, nothing changed.
            post=row(
                LOGIN,
                redirect("/0484/felanmalningar/", refused=True),
                redirect("/0484/felanmalningar/", refused=True),  # not the reporter's report
                redirect("/0484/felanmalningar/"),
                redirect("/0484/felanmalningar/"),
                NOT_FOUND,
                redirect("/0484/felanmalningar/"),
            ),
            data={"reports": "{police_report_id}", "action": "status", "status": "closed"},
        )
    ],
    "web:report_held": [Case(get=capability("manage_reports", refused=NOT_FOUND))],
    "web:report_held_resolve": [
        Case(
            get=GET_ONLY,
            post=capability("manage_reports", ok=FORM, refused=NOT_FOUND),
            kwargs={"held_id": "held_id", "decision": "discard"},
        )
    ],
    "web:report_detail": [
        Case(get=READ_OWN_REPORT, kwargs=REPORT, label="the housing company's"),
        Case(get=READ_POLICE_REPORT, kwargs=POLICE_REPORT, label="the police's"),
    ],
    "web:report_photo": [
        Case(get=READ_OWN_REPORT, kwargs=REPORT, label="the housing company's"),
    ],
    "web:report_act": [
        Case(
            get=GET_ONLY,
            post=row(LOGIN, NOT_FOUND, FORM, FORM, FORM, NOT_FOUND, FORM),
            kwargs={**REPORT, "action": "note_action"},
            data={"internal-text": "Kontrollerat på plats."},
            label="the housing company's, a note",
        ),
        Case(
            get=GET_ONLY,
            # The police's viewer reads the report but may not handle it.
            post=row(LOGIN, FORBIDDEN, NOT_FOUND, FORM, FORM, NOT_FOUND, FORM),
            kwargs={**POLICE_REPORT, "action": "note_action"},
            data={"internal-text": "Kontrollerat på plats."},
            label="the police's, a note",
        ),
    ],
    # ------------------------------------------------------------------------ lägesbild
    "web:lagesbild_list": [
        Case(get=MEMBERS, post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND))
    ],
    "web:lagesbild_detail": [
        Case(get=MEMBERS, kwargs=LB, label="approved"),
        Case(get=capability("coordinate_plans", refused=NOT_FOUND), kwargs=LB_DRAFT, label="draft"),
    ],
    **{
        name: [
            Case(
                get=capability("coordinate_plans", refused=NOT_FOUND),
                post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
                kwargs=kwargs,
            )
        ]
        for name, kwargs in (
            ("web:lagesbild_edit", LB),
            ("web:lagesbild_problem_new", LB),
            ("web:lagesbild_problem", {**LB, "problem_id": "lagesbild_problem"}),
        )
    },
    "web:lagesbild_refresh": [
        Case(
            get=GET_ONLY,
            post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
            kwargs=LB_DRAFT,
        )
    ],
    "web:lagesbild_approve": [
        Case(
            get=GET_ONLY,
            post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
            kwargs=LB_DRAFT,
        )
    ],
    "web:lagesbild_pdf": [Case(get=MEMBERS, kwargs=LB)],
    "web:lagesbild_xlsx": [Case(get=MEMBERS, kwargs=LB)],
    "web:lagesbild_csv_base": [Case(get=MEMBERS, kwargs=LB)],
    "web:lagesbild_csv": [
        Case(get=MEMBERS, kwargs={**LB, "table": "lagesbild_table"}, label="approved"),
        Case(
            get=capability("coordinate_plans", refused=NOT_FOUND),
            kwargs={**LB_DRAFT, "table": "lagesbild_table"},
            label="draft",
        ),
    ],
    "web:lagesbild_public_list": [Case(get=PUBLIC)],
    "web:lagesbild_public": [
        Case(get=PUBLIC, kwargs=LB, label="approved"),
        Case(get=everyone(NOT_FOUND), kwargs=LB_DRAFT, label="draft"),
    ],
    "web:lagesbild_public_pdf": [Case(get=PUBLIC, kwargs=LB)],
    "web:lagesbild_public_xlsx": [Case(get=PUBLIC, kwargs=LB)],
    "web:lagesbild_public_csv_base": [Case(get=PUBLIC, kwargs=LB)],
    "web:lagesbild_public_csv": [
        Case(get=PUBLIC, kwargs={**LB, "table": "lagesbild_table"}, label="approved"),
        Case(
            get=everyone(NOT_FOUND),
            kwargs={**LB_DRAFT, "table": "lagesbild_table"},
            label="draft",
        ),
    ],
    # ---------------------------------------------------------------------- action plan
    "web:plan_list": [
        Case(
            get=capability("read_plans"),
            post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
        )
    ],
    "web:plan_model": [
        Case(
            get=capability("read_plans"),
            post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
        )
    ],
    "web:plan_attachment": [Case(get=capability("read_plans"), kwargs={"aid": "attachment"})],
    "web:plan_detail": [Case(get=capability("read_plans"), kwargs=PLAN)],
    "web:plan_version": [
        Case(get=capability("read_plans"), kwargs={**PLAN, "number": "plan_version"})
    ],
    "web:plan_report": [Case(get=capability("read_plans"), kwargs=PLAN)],
    "web:plan_report_pdf": [Case(get=capability("read_plans"), kwargs=PLAN)],
    "web:plan_report_xlsx": [Case(get=capability("read_plans"), kwargs=PLAN)],
    "web:plan_adopt": [
        Case(
            get=GET_ONLY,
            post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
            kwargs=PLAN,
        )
    ],
    **{
        name: [
            Case(
                get=capability("coordinate_plans", refused=NOT_FOUND),
                post=capability("coordinate_plans", ok=FORM, refused=NOT_FOUND),
                kwargs=kwargs,
            )
        ]
        for name, kwargs in (
            ("web:plan_edit", PLAN),
            ("web:plan_problem_from", PLAN),
            ("web:plan_problem_new", PLAN),
            ("web:plan_problem", {**PLAN, "problem_id": "plan_problem"}),
            ("web:plan_measure_new", PLAN),
        )
    },
    "web:plan_measure": [
        Case(
            get=capability("read_plans"),
            # The measure is the housing company's (the reporter's); the police (the
            # viewer's) is its partner: both may comment.
            post=capability("comment_measures", ok=FORM, refused=NOT_FOUND),
            kwargs=MEASURE,
            data={"action": "comment", "c-text": ""},
            label="a comment",
        ),
        Case(
            get=capability("read_plans"),
            post=row(LOGIN, NOT_FOUND, FORM, FORM, FORM, NOT_FOUND, FORM),
            kwargs=MEASURE,
            data={"action": "followup", "f-text": ""},
            label="a follow-up (the owner's members)",
        ),
    ],
    **{
        name: [
            Case(
                get=row(LOGIN, NOT_FOUND, OK, OK, OK, NOT_FOUND, OK),
                post=row(LOGIN, NOT_FOUND, FORM, FORM, FORM, NOT_FOUND, FORM),
                kwargs=kwargs,
                label="the owner's members edit",
            )
        ]
        for name, kwargs in (
            ("web:plan_measure_edit", MEASURE),
            ("web:plan_indicator_new", MEASURE),
            ("web:plan_indicator", {**MEASURE, "iid": "indicator"}),
        )
    },
    "web:plans_public": [Case(get=PUBLIC)],
    "web:plans_public_plan": [Case(get=PUBLIC, kwargs=PLAN)],
}


# ---------------------------------------------------------------------------- the admin
# Only staff accounts reach the Django admin; everyone else is sent to its log-in (which
# sends them on to Trygga's two-step one). What a superuser may do there depends on the
# model: records that only actions write (events, reports, keys, the audit log) are read
# only; lock-out records cannot be added by hand.
EDITABLE = "editable"
READ_ONLY = "read only"  # no add, no delete, changes refused
NO_ADD = "no add"

ADMIN_MODELS: dict[str, str] = {
    "auth.group": EDITABLE,
    "auth.user": EDITABLE,
    "otp_totp.totpdevice": EDITABLE,
    "otp_static.staticdevice": EDITABLE,
    "axes.accessattempt": NO_ADD,
    "axes.accesslog": NO_ADD,
    "axes.accessfailurelog": NO_ADD,
    "audit.auditevent": READ_ONLY,
    "geography.county": EDITABLE,
    "geography.municipality": EDITABLE,
    "geography.district": EDITABLE,
    "geography.place": EDITABLE,
    "accounts.organisation": EDITABLE,
    "accounts.membership": EDITABLE,
    "events.eventcategory": EDITABLE,
    "events.eventsource": EDITABLE,
    "events.event": READ_ONLY,
    "reports.service": EDITABLE,
    "reports.routingrule": EDITABLE,
    "reports.responsetemplate": EDITABLE,
    "reports.report": READ_ONLY,
    "reports.open311key": READ_ONLY,
    "reports.heldsubmission": READ_ONLY,
}


def _staff(get: Answer, post: Answer) -> Case:
    others = (ADMIN_LOGIN,) * (len(ROLES) - 1)
    return Case(get=(*others, get), post=(*others, post))


def _admin_model_entries(label: str, kind: str) -> dict[str, list[Case]]:
    app, model = label.split(".")
    prefix = f"admin:{app}_{model}"
    add = FORBIDDEN if kind in (READ_ONLY, NO_ADD) else OK
    delete = FORBIDDEN if kind == READ_ONLY else OK
    # A change form sent empty: its errors again (200), or, for a form with nothing to
    # change (the lock-out records), back to the list.
    change_post = FORBIDDEN if kind == READ_ONLY else FORM
    entries = {
        f"{prefix}_changelist": [_staff(OK, OK)],
        f"{prefix}_add": [_staff(add, add)],
        f"{prefix}_history": [_staff(OK, OK)],
        f"{prefix}_delete": [_staff(delete, delete)],  # an empty POST only asks again
        f"{prefix}_change": [_staff(OK, change_post)],
        # admin/<app>/<model>/<id>/ redirects to the change page
        f"admin/{app}/{model}/<path:object_id>/": [
            _staff(redirect(f"/admin/{app}/{model}/"), redirect(f"/admin/{app}/{model}/"))
        ],
    }
    return entries


ADMIN: dict[str, list[Case]] = {
    "admin:index": [_staff(OK, OK)],
    "admin:app_list": [
        Case(
            get=(*(ADMIN_LOGIN,) * 6, OK),
            post=(*(ADMIN_LOGIN,) * 6, OK),
            kwargs={"app_label": "admin_app"},
        )
    ],
    "admin:login": [Case(get=everyone(LOGIN), post=everyone(LOGIN))],
    "admin/login/": [Case(get=everyone(LOGIN), post=everyone(LOGIN), path="/admin/login/")],
    # Log-out is a POST; the admin sends those who are not staff back to its index.
    "admin:logout": [
        Case(
            get=(*(redirect("/admin/"),) * 6, NOT_ALLOWED),
            post=(*(redirect("/admin/"),) * 6, LOGIN),
        )
    ],
    "admin:password_change": [_staff(OK, OK)],
    "admin:password_change_done": [_staff(OK, NOT_ALLOWED)],
    "admin:autocomplete": [_staff(FORBIDDEN, NOT_ALLOWED)],  # without its parameters
    "admin:jsi18n": [_staff(OK, NOT_ALLOWED)],
    "admin:view_on_site": [_staff(NOT_FOUND, NOT_FOUND)],  # no model has a public page
    "admin/(?P<url>.*)$": [_staff(NOT_FOUND, NOT_FOUND)],
    "admin:auth_user_password_change": [
        Case(
            get=(*(ADMIN_LOGIN,) * 6, OK),
            post=(*(ADMIN_LOGIN,) * 6, OK),
            kwargs={"id": "admin_user"},
        )
    ],
    **{
        f"admin:otp_totp_totpdevice_{page}": [
            Case(
                get=(*(ADMIN_LOGIN,) * 6, OK),
                post=(*(ADMIN_LOGIN,) * 6, OK),
                kwargs={"pk": "totp_device"},
            )
        ]
        for page in ("config", "qrcode")
    },
}
for _label, _kind in ADMIN_MODELS.items():
    ADMIN.update(_admin_model_entries(_label, _kind))
ADMIN["admin/(?P<url>.*)$"] = [
    Case(
        get=(*(ADMIN_LOGIN,) * 6, NOT_FOUND),
        post=(*(ADMIN_LOGIN,) * 6, NOT_FOUND),
        path="/admin/finns-inte/",
    )
]
ADMIN["admin:view_on_site"] = [
    Case(
        get=(*(ADMIN_LOGIN,) * 6, NOT_FOUND),
        post=(*(ADMIN_LOGIN,) * 6, NOT_FOUND),
        kwargs={"content_type_id": "content_type_id", "object_id": "event_id"},
    )
]

MATRIX.update(ADMIN)
