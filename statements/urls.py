from django.urls import path

from . import views

app_name = "statements"
urlpatterns = [
    path("", views.home, name="home"),
    path("statements/<int:pk>/<str:slug>/", views.statement_detail, name="statement_detail"),
]
