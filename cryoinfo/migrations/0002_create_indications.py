from django.db import migrations

# The five indications CryoInfo starts with. The text lives here, not in a file the
# migration reads, so this migration gives the same result whenever it runs.
INDICATIONS = [
    {
        "slug": "kidney",
        "name": "Kidney tumours",
        "description": "Freezing small kidney tumours through the skin, often without any cut.",
        "overview": (
            "Small kidney tumours are often found by chance, on a scan done for another "
            "reason. Many are slow-growing. Doctors may suggest watching them with regular "
            "scans, removing part of the kidney in an operation, or destroying the tumour "
            "where it is with heat or cold.\n\n"
            "Cryoablation is one of these options. It is mostly used for tumours up to about "
            "4 cm across, especially for people who would find an operation hard, or who "
            "have only one working kidney. A scan guides thin probes into the tumour, and "
            "most people go home the same day or the next. Follow-up scans check that the "
            "tumour has not come back."
        ),
    },
    {
        "slug": "liver",
        "name": "Liver tumours",
        "description": "Treating some liver tumours by freezing, and how it compares with heat.",
        "overview": (
            "Tumours in the liver can start there or spread from elsewhere, such as the "
            "bowel. For small tumours that cannot be removed safely, doctors can destroy "
            "them in place.\n\n"
            "Heat-based methods (radiofrequency and microwave ablation) are used far more "
            "often in the liver than freezing. Cryoablation is sometimes chosen for a tumour "
            "in an awkward spot, because the ice can be seen clearly on scans while it "
            "forms. Your team will explain which method suits your liver and your tumour."
        ),
    },
    {
        "slug": "lung",
        "name": "Lung tumours",
        "description": "An option for some small lung tumours when surgery is not possible.",
        "overview": (
            "For an early lung cancer, surgery or focused radiotherapy are the usual "
            "treatments. Some people are not well enough for an operation. Ablation, "
            "including cryoablation, can be an option for some of them, and for some small "
            "tumours that have spread to the lung from elsewhere.\n\n"
            "The probe goes through the chest wall under CT guidance. The most common "
            "problem afterwards is air leaking around the lung (a pneumothorax), which "
            "sometimes needs a small tube to let it out."
        ),
    },
    {
        "slug": "bone",
        "name": "Bone tumours",
        "description": "Easing pain from tumours in bone, and treating some bone tumours.",
        "overview": (
            "Cancer that has spread to a bone can be very painful. When painkillers and "
            "radiotherapy do not help enough, freezing the tumour can ease the pain, often "
            "within days. Cryoablation is also used for some tumours that start in bone or "
            "soft tissue.\n\n"
            "Because the ice ball is easy to see on scans, the team can keep it away from "
            "nerves and skin, and sometimes uses warming or gentle fluid to protect them."
        ),
    },
    {
        "slug": "nerve-pain",
        "name": "Nerve pain",
        "description": "Freezing a nerve to block long-lasting pain, for example in the knee.",
        "overview": (
            "Cryoneurolysis freezes a small sensory nerve so that it stops carrying pain "
            "signals. It is used for some knee pain from osteoarthritis, for pain after "
            "certain operations, and for some other long-lasting nerve pains.\n\n"
            "The nerve is not cut. Over the following months it grows back, so the relief "
            "usually fades and the treatment may be repeated. A needle probe, guided by "
            "ultrasound, is placed next to the nerve under local anaesthetic."
        ),
    },
]


def create_indications(apps, schema_editor):
    Indication = apps.get_model("cryoinfo", "Indication")
    for order, data in enumerate(INDICATIONS, start=1):
        Indication.objects.update_or_create(
            slug=data["slug"], defaults={**data, "display_order": order * 10}
        )


def remove_indications(apps, schema_editor):
    Indication = apps.get_model("cryoinfo", "Indication")
    Indication.objects.filter(slug__in=[i["slug"] for i in INDICATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("cryoinfo", "0001_initial")]

    operations = [migrations.RunPython(create_indications, remove_indications)]
