"""App configuration for treatment reports and the figures drawn from them."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete


class ExperiencesConfig(AppConfig):
    name = "hearth.experiences"
    label = "experiences"
    verbose_name = "Treatment reports"

    def ready(self) -> None:
        from hearth.accounts.models import User
        from hearth.experiences import receivers
        from hearth.privacy.models import ResearchConsent

        uid = "experiences-figures"
        post_save.connect(receivers.consent_changed, sender=ResearchConsent, dispatch_uid=uid)
        pre_delete.connect(receivers.member_leaving, sender=User, dispatch_uid=uid)
        post_delete.connect(receivers.member_left, sender=User, dispatch_uid=uid)
