"""The conversations the simulated users have, with what each reply must contain.

Ours: the whole access flow to the letter (greeting, a question, the request, country,
identification button, name, e-mail, confirmation, declining tracking), then questions.
Stock: the `rasa init` assistant's own intents, the same number of turns.

A step is (label, message, expected): `expected` is a substring one of the replies must
contain (case-sensitive), or None for "any non-empty reply".
"""

from __future__ import annotations

from typing import List, Tuple

Step = Tuple[str, str, str | None]

OURS: List[Step] = [
    ("greet", "hello", "Hello!"),
    ("question", "Is my face in Clearview?", "nobody can tell from the outside"),
    ("request_access", "/request_access", "In which country do you live?"),
    ("country", "France", "Clearview searches by face, not by name"),
    ("id_method", '/inform{"id_method":"no_photo"}', "What name should I put on the letter?"),
    ("name", "Jane Doe", "Which e-mail address"),
    ("email", "jane.doe@example.org", "France (GDPR applies)"),
    ("confirm", "/affirm", "Request for access to my personal data under Article 15 GDPR"),
    ("decline_tracking", "/deny", "nothing is stored"),
    ("what_is", "what is clearview ai?", "biometric template"),
    ("fines", "has clearview been fined by regulators?", "CNIL fined it"),
    ("photo", "do I have to send them a selfie?", "You do not have to send a new photo"),
    ("deadline", "How long do they have to answer?", None),
    ("handoff", "I want to talk to a real person", None),
    ("thanks", "thank you", None),
]

STOCK: List[Step] = [
    ("greet", "hello", "Hey! How are you"),
    ("mood_unhappy", "I am sad", "Here is something to cheer you up"),
    ("affirm", "yes", "Great, carry on!"),
    ("bot_challenge", "are you a bot?", "I am a bot, powered by Rasa."),
    ("greet2", "hi", "Hey! How are you"),
    ("mood_great", "I am feeling very good", "Great, carry on!"),
    ("bot_challenge2", "am I talking to a human?", "I am a bot, powered by Rasa."),
    ("greet3", "good morning", "Hey! How are you"),
    ("mood_unhappy2", "very sad", "Here is something to cheer you up"),
    ("affirm2", "yes", "Great, carry on!"),  # "no" here gets no reply from rasa init's model
    ("greet4", "hey there", "Hey! How are you"),
    ("mood_great2", "amazing", "Great, carry on!"),
    ("bot_challenge3", "are you a human?", "I am a bot, powered by Rasa."),
    ("greet5", "hey", "Hey! How are you"),
    ("goodbye", "goodbye", "Bye"),
]
