"""URLs of the action-plan pages, added to `trygga.web.urls` (namespace `web`) by `patterns()`."""

from django.urls import URLPattern, path

from trygga.web.plans import views


def patterns() -> list[URLPattern]:
    base = "<kommun:code>/atgarder/"
    one = base + "<int:pk>/"
    measure = one + "atgard/<int:mid>/"
    public = "<kommun:code>/trygghetsarbete/"
    return [
        path(base, views.plan_list, name="plan_list"),
        path(base + "modell/", views.long_term_model, name="plan_model"),
        path(base + "bilaga/<int:aid>/", views.attachment, name="plan_attachment"),
        path(one, views.plan_detail, name="plan_detail"),
        path(one + "redigera/", views.plan_edit, name="plan_edit"),
        path(one + "anta/", views.plan_adopt, name="plan_adopt"),
        path(one + "version/<int:number>/", views.plan_version, name="plan_version"),
        path(
            one + "problem/fran-lagesbild/", views.problem_from_lagesbild, name="plan_problem_from"
        ),
        path(one + "problem/ny/", views.problem_edit, name="plan_problem_new"),
        path(one + "problem/<int:problem_id>/", views.problem_edit, name="plan_problem"),
        path(one + "atgard/ny/", views.measure_edit, name="plan_measure_new"),
        path(measure, views.measure_detail, name="plan_measure"),
        path(measure + "redigera/", views.measure_edit, name="plan_measure_edit"),
        path(measure + "indikator/ny/", views.indicator_edit, name="plan_indicator_new"),
        path(measure + "indikator/<int:iid>/", views.indicator_edit, name="plan_indicator"),
        path(one + "uppfoljning/", views.report_page, name="plan_report"),
        path(one + "uppfoljning.pdf", views.report_pdf, name="plan_report_pdf"),
        path(one + "uppfoljning.xlsx", views.report_xlsx, name="plan_report_xlsx"),
        path(public, views.public_overview, name="plans_public"),
        path(public + "<int:pk>/", views.public_plan, name="plans_public_plan"),
    ]
