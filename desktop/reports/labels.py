"""The certificate's fixed wording, English and Arabic side by side.

Not gettext messages: the certificate always prints both languages at once, whatever the
interface language, so each label is a fixed pair and a translator's change to the interface
cannot alter an official document's wording.
"""

from __future__ import annotations

from typing import NamedTuple


class Pair(NamedTuple):
    en: str
    ar: str


STATE = Pair("Republic of Iraq", "جمهورية العراق")
MINISTRY = Pair("Ministry of Interior", "وزارة الداخلية")
COMMAND = Pair("Anbar Police Command", "قيادة شرطة محافظة الأنبار")
TITLE = Pair("Certificate of Handover of Security Responsibility",
             "شهادة تسليم واستلام المسؤولية الأمنية")
SERIAL = Pair("Serial No.", "الرقم التسلسلي")
ISSUED = Pair("Issued", "تاريخ الإصدار")

COPY = Pair("COPY", "نسخة")
VOID = Pair("VOID", "ملغاة")


def copy_banner(number: int) -> Pair:
    return Pair(f"COPY No. {number} — a reprint of the original certificate",
                f"نسخة رقم {number} — إعادة طبع للشهادة الأصلية")


VOID_BANNER = Pair("VOID — this certificate is cancelled and not valid",
                   "ملغاة — هذه الشهادة ملغاة وغير سارية المفعول")
VOID_REASON = Pair("Reason", "السبب")


def supersedes(serial: str) -> Pair:
    return Pair(f"This certificate supersedes certificate {serial}, which is no longer valid.",
                f"تحل هذه الشهادة محل الشهادة {serial} التي لم تعد سارية.")


# Sections
SEC_CHECKPOINT = Pair("Checkpoint", "السيطرة")
SEC_PARTIES = Pair("Parties", "الأطراف")
SEC_TIMES = Pair("Times and continuity", "الأوقات واستمرارية الواجب")
SEC_CHECKLIST = Pair("Handover checklist", "قائمة فحص التسليم")
SEC_EXCEPTIONS = Pair("Exceptions (items not done)", "الاستثناءات (البنود غير المنجزة)")
SEC_EQUIPMENT = Pair("Equipment transferred", "المعدات المسلَّمة")
SEC_SIGNATURES = Pair("Signatures of the parties", "تواقيع الأطراف")

# Checkpoint
CODE = Pair("Code and location", "الرمز والموقع")
CHECKPOINT = Pair("Name", "الاسم")
DISTRICT = Pair("district", "قضاء")

# Parties
HANDING = Pair("Handing-over party", "الجهة المسلِّمة")
RECEIVING = Pair("Receiving party", "الجهة المستلِمة")
WITNESS = Pair("Witness", "الشاهد")
NO_WITNESS = Pair("No witness recorded", "لم يُسجَّل شاهد")
BADGE = Pair("Badge\u00a0No.", "رقم الشارة")  # no break inside "Badge No. 123"

# Times
HANDOVER_AT = Pair("Handover", "وقت التسليم")
ASSUMED_AT = Pair("Duty assumed", "استلام الواجب")
DEPARTED_AT = Pair("Previous force left", "مغادرة القوة المسلِّمة")
GAP_CHECK = Pair("Continuity", "استمرارية الواجب")
NOT_RECORDED = Pair("not recorded", "غير مسجل")
NO_GAP = Pair("No gap: duty assumed before departure",
              "لا توجد فجوة: استُلم الواجب قبل المغادرة")
UNKNOWN_GAP = Pair("Not checked: a time is missing", "تعذر الفحص: أحد الوقتين غير مسجل")


def gap(minutes: int) -> Pair:
    unit_en = "minute" if minutes == 1 else "minutes"
    return Pair(f"GAP: unmanned interval of {minutes} {unit_en}",
                f"فجوة: فترة شغور مدتها {minutes_ar(minutes)}")


def minutes_ar(count: int) -> str:
    """Arabic counts agree with the number: دقيقة واحدة، دقيقتان، 3-10 دقائق، 11+ دقيقة."""
    if count == 1:
        return "دقيقة واحدة"
    if count == 2:
        return "دقيقتان"
    if 3 <= count % 100 <= 10:
        return f"{count} دقائق"
    return f"{count} دقيقة"


# Checklist
def checklist_summary(total: int, done: int, not_done: int, not_applicable: int) -> Pair:
    return Pair(
        f"{total} items: {done} done, {not_done} not done, {not_applicable} not applicable",
        # "عدد البنود N" rather than "N بنداً": the noun then need not agree with the number
        f"عدد البنود {total}: {done} منجز، {not_done} غير منجز، {not_applicable} لا ينطبق",
    )


NO_EXCEPTIONS = Pair("No exceptions: every applicable item was done.",
                     "لا توجد استثناءات: أُنجزت جميع البنود المنطبقة.")
NUMBER = Pair("No.", "ت")
NOTE = Pair("Note", "الملاحظة")

# Equipment
EQ_ITEM = Pair("Item", "المادة")
EQ_QUANTITY = Pair("Qty", "العدد")
EQ_SERIALS = Pair("Serial numbers", "الأرقام التسلسلية")
EQ_CONDITION = Pair("Condition", "الحالة")
NO_EQUIPMENT = Pair("No equipment transferred.", "لم تُسلَّم معدات.")
CONDITIONS = {  # desktop.domain.enums.EquipmentCondition values
    "good": Pair("Good", "صالحة"),
    "needs_repair": Pair("Needs repair", "تحتاج إلى تصليح"),
    "unserviceable": Pair("Unserviceable", "عاطلة"),
}

# Signatures
PARTY_LABELS = {
    "handing": HANDING,
    "receiving": RECEIVING,
    "witness": WITNESS,
}
NO_SIGNATURE = Pair("No handwritten signature recorded", "لم يُسجَّل توقيع")

# Issue
ISSUED_BY = Pair("Issued by the certificates clerk", "أصدرها كاتب الشهادات")
DEVICE = Pair("Issuing device", "جهاز الإصدار")

# Page furniture
DIGITAL_SIGNATURE = Pair("Digital signature", "التوقيع الرقمي")


def page_of(page: int, pages: int) -> Pair:
    return Pair(f"Page {page} of {pages}", f"الصفحة {page} من {pages}")


def continued_on(page: int) -> Pair:
    return Pair(f"Continued on page {page}", f"يتبع في الصفحة {page}")
