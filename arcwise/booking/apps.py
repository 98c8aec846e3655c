from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "arcwise.booking"
    label = "booking"
    verbose_name = "Availability and bookings"
