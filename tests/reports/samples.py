"""Sample certificates for tests, benches and screenshots (demo units: they name no real group).

``normal()`` fits one page; ``long()`` has very long Arabic names, three witnesses, many
exceptions and equipment lines, and flows onto a second page; ``copy()`` and ``void()`` are a
reprint and a cancellation of the normal one; ``superseding()`` replaces a voided one.
"""

from __future__ import annotations

import dataclasses

from desktop.domain.certificate import (
    CertificateData,
    CertificateKind,
    EquipmentLineInfo,
    ExceptionLine,
    PartyLine,
    PersonLine,
    SignatureLine,
)
from desktop.domain.signature import synthetic_signature

QR_PAYLOAD = (  # shaped like the real one: serial, content hash, signature (base64url)
    "TASLIM1|ANB-R07-2026-000123|"
    "5f2b1c0a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29180716f5e4d3c2b1a090|"
    "MEUCIQDx3k9f0Zq1oV7cUu3hJ2m8YtR5wK1pL6nB4sD9aE0fGgIgXc2V7bN1mQ8rT4yU6iO0pA3sD5fG7hJ9kL2zX4cV6bN"
)


def _person(name_ar: str, name_en: str, rank: str, badge: str) -> PersonLine:
    return PersonLine(name_ar, name_en, rank, badge)


HANDING_REP = _person("أحمد خليل إبراهيم", "Ahmed Khalil Ibrahim", "مقدم / Lt. Colonel", "41872")
RECEIVING_REP = _person("عمر سعدون الدليمي", "Omar Saadoun Al-Dulaimi", "رائد / Major", "52310")
WITNESS = _person("خالد حميد العيساوي", "Khalid Hameed Al-Issawi", "", "")
CLERK = _person("زينب فاضل الراوي", "Zainab Fadhil Al-Rawi", "ملازم / Lieutenant", "60915")


def normal() -> CertificateData:
    """A typical certificate: two exceptions, four equipment lines, one witness, no gap."""
    return CertificateData(
        serial="ANB-R07-2026-000123",
        kind=CertificateKind.ORIGINAL,
        copy_number=0,
        void_reason=None,
        supersedes_serial=None,
        issued_at="2026-03-14T07:05:00Z",
        utc_offset_minutes=180,
        checkpoint_code="ANB-CP-017",
        checkpoint_ar="منفذ طريبيل الحدودي",
        checkpoint_en="Trebil border crossing",
        district_ar="الرطبة",
        district_en="Rutba",
        latitude=32.88521,
        longitude=38.92134,
        handing=PartyLine("اللواء التجريبي 1 (جيش)", "Demo Brigade 1 (army)", HANDING_REP),
        receiving=PartyLine("فوج شرطة الحدود التجريبي 3", "Demo Border Police Battalion 3",
                            RECEIVING_REP),
        witnesses=(WITNESS,),
        handover_at="2026-03-14T06:30:00Z",
        assumed_duty_at="2026-03-14T06:10:00Z",
        departure_at="2026-03-14T06:45:00Z",
        gap_minutes=None,
        checklist_total=18,
        checklist_done=15,
        checklist_not_applicable=1,
        exceptions=(
            ExceptionLine(3, "تم فحص المولدة ومخزون الوقود والماء",
                          "Generator, fuel and water supplies checked",
                          "المولدة (100 KVA) عاطلة منذ 2026-03-10؛ طُلب تصليحها"),
            ExceptionLine(13, "تسليم قوائم المطلوبين والعجلات المطلوبة",
                          "Wanted-person and wanted-vehicle lists handed over",
                          "List dated 2026-02-28 is out of date; new list due from HQ"),
        ),
        equipment=(
            EquipmentLineInfo("Concrete barriers", 40, (), "good"),
            EquipmentLineInfo("Radio sets", 6, ("MTR-2231", "MTR-2232", "MTR-2240"), "good"),
            EquipmentLineInfo("Generator 100 kVA", 1, ("GEN-88-1042",), "needs_repair"),
            EquipmentLineInfo("مرايا تفتيش", 4, (), "good"),
        ),
        signatures=(
            SignatureLine("handing", HANDING_REP.name_ar, HANDING_REP.name_en,
                          synthetic_signature(1)),
            SignatureLine("receiving", RECEIVING_REP.name_ar, RECEIVING_REP.name_en,
                          synthetic_signature(2)),
            SignatureLine("witness", WITNESS.name_ar, WITNESS.name_en, synthetic_signature(3)),
        ),
        clerk=CLERK,
        issuing_device="R07",
        handover_id="0195a3c2-7b41-7d2e-9f10-3c5e8a7b6d41",
        handover_rev_id="9c1e4f7a2b5d8e0f3a6c9b2e5d8f1a4c7b0e3d6f9a2c5b8e1d4f7a0c3b6e9d2f",
    )


_LONG_NAME_AR = "عبد الرحمن عبد الكريم عبد الستار محمود الجميلي (أبو عمر)"
_LONG_NAME_EN = "Abdul-Rahman Abdul-Kareem Abdul-Sattar Mahmoud Al-Jumaili (Abu Omar)"

_ITEMS = (
    (1, "تم فحص المحيط والحواجز والجدران الكونكريتية وهي سليمة",
     "Perimeter, barriers and blast walls inspected and intact"),
    (2, "الملاجئ وأبراج المراقبة والإنارة تعمل", "Shelters, watchtowers and lighting working"),
    (3, "تم فحص المولدة ومخزون الوقود والماء", "Generator, fuel and water supplies checked"),
    (5, "انسحاب القوة المسلِّمة مع حصر جميع أفرادها",
     "Handing-over force withdrawn, all its members accounted for"),
    (7, "مطابقة جرد المعدات الثابتة مع القائمة",
     "Fixed equipment inventory matched against the list"),
    (8, "تسليم العجلات مع مستمسكاتها ومفاتيحها", "Vehicles handed over with papers and keys"),
    (9, "رفع أسلحة وأعتدة الجهة المسلِّمة أو نقلها بمحضر",
     "Handing-over party's weapons and ammunition removed, or transferred by record"),
    (10, "اختبار أجهزة التفتيش والكشف", "Search and detection devices tested"),
    (11, "اختبار الاتصال اللاسلكي والهاتفي مع غرفة العمليات",
     "Radio and telephone contact with the operations room tested"),
    (12, "تسليم السجلات ودفاتر الحوادث", "Logbooks and incident records handed over"),
    (16, "إيجاز بتهديدات التهريب والتسلل", "Smuggling and infiltration threats briefed"),
    (17, "لا توجد فجوة: استلمت القوة المستلِمة الواجب قبل مغادرة القوة المسلِّمة",
     "No unmanned interval: receiving force assumed duty before the handing-over force left"),
)
_NOTES = (
    "الجدار الشمالي متضرر بطول 12 متراً (قرب البوابة رقم 2) ويحتاج إلى إعادة بناء قبل "
    "2026-04-01، وقد أُبلغت غرفة العمليات بالكتاب المرقم 4471 في 2026-03-13.",
    "Two of the six floodlights (towers B and D) are out; bulbs requested on form LOG-17.",
    "المولدة الاحتياطية عاطلة [عطل في المضخة] وخزان الوقود فيه 300 لتر فقط.",
    "",
)


def long(equipment_lines: int = 12) -> CertificateData:
    """Very long Arabic names, three witnesses, twelve exceptions, a dozen equipment lines and
    a gap: flows onto a second page (more equipment lines make a third)."""
    base = normal()
    rep = _person(_LONG_NAME_AR, _LONG_NAME_EN, "عميد / Brigadier", "1002345")
    witnesses = tuple(
        _person(f"{_LONG_NAME_AR} {n}", f"{_LONG_NAME_EN} {n}", "", f"W-{n:03d}")
        for n in range(1, 4)
    )
    exceptions = tuple(
        ExceptionLine(number, text_ar, text_en, _NOTES[index % len(_NOTES)])
        for index, (number, text_ar, text_en) in enumerate(_ITEMS)
    )
    equipment = tuple(
        EquipmentLineInfo(
            f"Radio set Motorola DP4400 (unit {n})" if n % 3 else f"جهاز كشف المتفجرات رقم {n}",
            n % 5 + 1,
            tuple(f"SN-{2026_0000 + n * 7 + k}" for k in range(n % 4)),
            ("good", "needs_repair", "unserviceable")[n % 3],
        )
        for n in range(1, equipment_lines + 1)
    )
    return dataclasses.replace(
        base,
        serial="ANB-R07-2026-000124",
        checkpoint_ar="سيطرة مدخل الرمادي الغربي على الطريق الدولي السريع (طريق المرور السريع 1)",
        checkpoint_en="Ramadi west entrance checkpoint on the international expressway "
                      "(Expressway 1)",
        district_ar="الرمادي",
        district_en="Ramadi",
        handing=PartyLine("اللواء التجريبي 1 التابع لقيادة عمليات الأنبار التجريبية (جيش)",
                          "Demo Brigade 1 of the Demo Anbar Operations Command (army)", rep),
        receiving=PartyLine("فوج شرطة الطوارئ التجريبي 5 - الفوج الثاني", "Demo Emergency "
                            "Police Regiment 5 - 2nd Battalion", rep),
        witnesses=witnesses,
        assumed_duty_at="2026-03-14T06:55:00Z",
        departure_at="2026-03-14T06:18:00Z",
        gap_minutes=37,
        checklist_done=5,
        checklist_not_applicable=1,
        exceptions=exceptions,
        equipment=equipment,
        signatures=tuple(
            dataclasses.replace(line, name_ar=_LONG_NAME_AR, name_en=_LONG_NAME_EN)
            for line in base.signatures
        ),
    )


def copy(number: int = 2) -> CertificateData:
    """A reprint of the normal certificate."""
    return dataclasses.replace(normal(), kind=CertificateKind.COPY, copy_number=number,
                               issued_at="2026-03-20T09:40:00Z")


def void() -> CertificateData:
    """The normal certificate, cancelled with a reason."""
    return dataclasses.replace(
        normal(), kind=CertificateKind.VOID, issued_at="2026-03-21T11:15:00Z",
        void_reason="Wrong receiving unit recorded; reissued as ANB-R07-2026-000131. "
                    "سُجلت الجهة المستلِمة خطأً (الفوج 3 بدلاً من الفوج 4).",
    )


def superseding() -> CertificateData:
    """A new certificate that replaces the voided one."""
    return dataclasses.replace(normal(), serial="ANB-R07-2026-000131",
                               supersedes_serial="ANB-R07-2026-000123",
                               issued_at="2026-03-21T11:20:00Z")


def very_long() -> CertificateData:
    """Three pages: sixty equipment lines."""
    return dataclasses.replace(long(equipment_lines=60), serial="ANB-R07-2026-000125")


ALL = {"normal": normal, "long": long, "copy": copy, "void": void, "superseding": superseding,
       "very_long": very_long}
