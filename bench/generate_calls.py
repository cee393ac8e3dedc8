"""Generate a reproducible batch of synthetic calls (English and Arabic) for benchmarks.

python bench/generate_calls.py 1000 -o /tmp/calls.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

EN = {
    "open": ["Thank you for calling Acme, this is Sam, how can I help?", "Hello, you're through to support."],
    "complaint": [
        "I was charged twice for my last order and nobody has fixed it.",
        "My internet has been down since Monday, this is the third time I call.",
        "The parcel never arrived and the tracking hasn't moved in a week.",
    ],
    "neutral": ["It's on the account ending 4421.", "Yes, that's right.", "I'm calling from home."],
    "listen": ["I understand how frustrating that is. When did it start?", "So the charge appeared twice?"],
    "apologise": ["I'm really sorry about that.", "I apologise for the inconvenience."],
    "solve": ["I've refunded the second charge, you'll see it in three days.", "I've reset your line now."],
    "deflect": ["That's not our problem, contact the bank yourself."],
    "thank": ["Thank you for your patience.", "Thanks for calling, have a good day."],
    "gratitude": ["Thanks a lot, that's great.", "Perfect, thank you."],
}
AR = {
    "open": ["شكراً لاتصالك، معك أحمد، كيف أقدر أساعدك؟", "أهلاً وسهلاً، تفضل."],
    "complaint": [
        "الفاتورة جاتني مرتين هالشهر وما أحد حل المشكلة",
        "النت مقطوع من يوم الاثنين وهذي ثالث مرة أتصل",
        "الطلب ما وصلني لحد الآن",
    ],
    "neutral": ["رقم الحساب ينتهي بـ ٤٤٢١", "ايوه صح", "من البيت"],
    "listen": ["أتفهم انزعاجك، من متى بدأت المشكلة؟", "يعني الخصم صار مرتين؟"],
    "apologise": ["نعتذر منك على الإزعاج", "آسف جداً على التأخير"],
    "solve": ["تم إلغاء الرسوم الزايدة وراح ترجع لحسابك خلال ثلاث أيام", "سويت إعادة تشغيل للخط"],
    "deflect": ["هذي مو مسؤوليتنا، كلم البنك بنفسك"],
    "thank": ["شكراً على صبرك", "شكراً لاتصالك، يعطيك العافية"],
    "gratitude": ["مشكور ما قصرت", "الله يعطيك العافية"],
}


def make_call(rng: random.Random, i: int) -> dict[str, object]:
    lang, lex = ("ar", AR) if rng.random() < 0.5 else ("en", EN)
    plan = [
        ("agent", "open"),
        ("customer", "complaint"),
        ("agent", rng.choice(["listen", "apologise"])),
        ("customer", "neutral"),
        ("agent", "listen"),
        ("customer", "neutral"),
        ("agent", rng.choice(["solve", "solve", "deflect"])),
        ("customer", "neutral"),
        ("agent", "solve"),
        ("customer", "gratitude"),
        ("agent", rng.choice(["thank", "solve"])),
        ("customer", "neutral"),
    ]
    t, turns = 0.0, []
    for k, (role, kind) in enumerate(plan):
        # A unique reference in every turn, so that no cache can make repeated texts look fast.
        text = f"{rng.choice(lex[kind])} ({'رقم' if lang == 'ar' else 'ref'} {rng.randrange(10**6, 10**7)})"
        dur = 0.4 * len(text.split()) + 0.5
        start = max(0.0, t - (1.0 if role == "agent" and rng.random() < 0.15 else 0.0))
        turns.append(
            {"id": f"t{k}", "speaker": role, "text": text, "start": round(start, 2), "end": round(start + dur, 2)}
        )
        t = start + dur + rng.uniform(0.2, 1.5)
    return {"schema_version": "1.0", "id": f"gen-{i:05d}", "language": lang, "turns": turns}


def generate(n: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [make_call(rng, i) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, nargs="?", default=1000)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    args.output.write_text(
        "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in generate(args.n)), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
