"""100 concurrent conversations x 10 turns: no failed turn, no crossed conversations."""

import time
from concurrent.futures import ThreadPoolExecutor

from tools.chat import Chat

# Ten-turn conversations with different endings, so a crossed conversation shows in its card.
SCRIPTS = [
    (
        [
            "hi",
            "are you a bot?",
            "what is an IMR?",
            "does it cost anything?",
            "my plan denied my surgery",
            "not medically necessary",
            "HMO",
            "thanks",
            "who reviews it?",
            "bye",
        ],
        ("DMHC", "hmo"),
    ),
    (
        [
            "hello",
            "my insurance won't pay my ER bill",
            "is it free?",
            "PPO",
            "Cigna",
            "thank you",
            "what is an IMR",
            "ok",
            "who decides",
            "goodbye",
        ],
        ("CDI", "other_ppo_or_insurance"),
    ),
    (
        [
            "hey",
            "Medicare Advantage denied my home care as not medically necessary",
            "thanks",
            "what is an IMR?",
            "who reviews it",
            "is it free",
            "ok thanks",
            "are you human?",
            "thanks again",
            "bye",
        ],
        ("HICAP", "medicare"),
    ),
    (
        [
            "hi there",
            "Medi-Cal denied my wheelchair, they say it's not needed",
            "no",
            "thanks",
            "what is an IMR",
            "does it cost",
            "who reviews",
            "ok",
            "thank you",
            "bye",
        ],
        ("DMHC", "medi_cal_managed_care"),
    ),
]


def run(i: int, webhook: str):
    turns, (agency, coverage) = SCRIPTS[i % len(SCRIPTS)]
    chat = Chat(webhook, sender=f"load-{i}")
    failures, cards, latencies = 0, [], []
    for turn in turns:
        start = time.monotonic()
        try:
            replies = chat.say(turn)
        except Exception:  # noqa: BLE001 - counted as a failed turn
            failures += 1
            continue
        latencies.append(time.monotonic() - start)
        if not replies or any(r.get("recipient_id") != chat.sender for r in replies):
            failures += 1
        if chat.card():
            cards.append((chat.card()["agency"], chat.card()["coverage"]))
    return failures, cards, (agency, coverage), latencies


def test_100_concurrent_conversations_of_10_turns(servers):
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(lambda i: run(i, servers.webhook), range(100)))
    elapsed = time.monotonic() - start
    failures = sum(r[0] for r in results)
    crossed = [i for i, (_, cards, expected, _) in enumerate(results) if cards != [expected]]
    latencies = sorted(l for r in results for l in r[3])
    print(
        f"\nload: 1000 turns in {elapsed:.1f} s, {failures} failed, {len(crossed)} crossed, "
        f"p50 {latencies[len(latencies) // 2] * 1000:.0f} ms, p95 {latencies[int(len(latencies) * 0.95)] * 1000:.0f} ms"
    )
    assert failures == 0
    assert crossed == []
