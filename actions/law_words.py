"""Which `domain.yml` response words each law's guidance, by jurisdiction code: one home.

The facts come from `bot.guidance.law_guidance` (data); these names only choose the sentence
that says them in the conversation's language. A code missing here has nothing to say for
that topic, and the caller says the general sentence instead.
"""

from __future__ import annotations

# Before a letter, or instead of one: what the law there gives.
GUIDANCE = {
    "CH": "utter_guidance_ch",
    "AU": "utter_guidance_au",
    "CA": "utter_guidance_ca",
    "US-IL": "utter_guidance_us_il",
    "US-CA": "utter_guidance_us_ca",
    "BR": "utter_guidance_br",
    "JP": "utter_guidance_jp",
}
# Why a letter the law gives no ground for is not written.
NO_RIGHT = {"CA": "utter_no_right_ca", "BR": "utter_no_right_br"}
NO_COMPLAINT = {"JP": "utter_no_complaint_jp"}
# How to complain, in each law's own terms (never Art. 77 GDPR outside the EU).
COMPLAINT_HOW = {
    "EU": "utter_complaint_how",
    "UK": "utter_complaint_how_uk",
    "AU": "utter_complaint_how_au",
    "CH": "utter_complaint_how_ch",
    "CA": "utter_complaint_how_ca",
    "US-CA": "utter_complaint_how_us_ca",
    "BR": "utter_complaint_how_br",
}
# Where the person must (Australia) or is expected to (UK) complain to the company first.
COMPANY_FIRST = {"AU": "utter_company_first_au", "UK": "utter_company_first_uk"}
# How a complaint's channels are worded (`bot.registry.Channel.kind`).
CHANNEL_WORDS = {
    "webform": ("utter_channel_webform", "url"),
    "email": ("utter_channel_email", "email"),
    "pec": ("utter_channel_pec", "pec"),
    "post": ("utter_channel_post", "address"),
    "web": ("utter_channel_web", "url"),
}
