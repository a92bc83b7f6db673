app_name = "accounts"

# Filled in by the accounts work (sign-up, profile, export, deletion, clinicians).
urlpatterns: list = []
