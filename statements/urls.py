from django.urls import path

from . import views

app_name = "statements"
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "<slug:list_name>/export.<slug:extension>",
        views.export,
        name="export",
    ),
    path("data/", views.data, name="data"),
    path("data/datapackage.json", views.data_package, name="data_package"),
    path("statements/", views.statement_list, name="statement_list"),
    path("statements/<int:pk>/<str:slug>/", views.statement_detail, name="statement_detail"),
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/<int:pk>/<str:slug>/", views.agreement_detail, name="agreement_detail"),
    path("events/", views.event_list, name="event_list"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("actors/", views.actor_list, name="actor_list"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("countries/<str:code>/", views.country_detail, name="country_detail"),
    path("forums/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
]
