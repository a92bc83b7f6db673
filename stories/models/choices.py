"""The fixed answers a post's form and a moderator's decision choose from."""

from django.db import models


class Kind(models.TextChoices):
    PATIENT = "patient", "Patient story"
    DOCTOR = "doctor", "Doctor insight"
    # Answers: shown under the post they answer (Story.parent), not on pages of their own.
    RESPONSE = "response", "Clinician response"
    REPLY = "reply", "Reply"


POST_KINDS = (Kind.PATIENT, Kind.DOCTOR)
ANSWER_KINDS = (Kind.RESPONSE, Kind.REPLY)


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNSURE = "unsure", "Not sure"


class Approach(models.TextChoices):
    PERCUTANEOUS = "percutaneous", "Through the skin (needle)"
    KEYHOLE = "keyhole", "Keyhole surgery"
    OPEN = "open", "Open surgery"
    UNSURE = "unsure", "Not sure"


class Anaesthesia(models.TextChoices):
    GENERAL = "general", "General anaesthetic (asleep)"
    SEDATION = "sedation", "Sedation"
    LOCAL = "local", "Local anaesthetic only"
    UNSURE = "unsure", "Not sure"


class RejectReason(models.TextChoices):
    ADVICE = "advice", "Gives medical advice to others"
    PROMOTION = "promotion", "Promotes a product, clinic or practitioner"
    PRIVACY = "privacy", "Shares someone else's private details"
    OFF_TOPIC = "off_topic", "Not about cryoablation"
    ABUSE = "abuse", "Abusive, hateful or unlawful"
    OTHER = "other", "Another reason (explained below)"
