"""How a person identifies themselves to a controller that searches by face.

Clearview can only find a person by searching with a face image, and it asks for a photo.
Art. 12(6) GDPR and EDPB Guidelines 01/2022 (paragraphs 65, 70-71, 74, 79) say a controller may
ask only for what is necessary and proportionate. These options let the person send no new photo,
or one strictly limited to the search.
"""

from __future__ import annotations

from bot.choices import Choice


class IdMethod(Choice):
    """The identification choice that shapes the letter's identification paragraph."""

    NO_PHOTO = "no_photo"  # name and e-mail only; no image sent
    PUBLIC_LINKS = "public_links"  # links to pages where the person's face already appears
    PHOTO_SEARCH_ONLY = "photo_search_only"  # a photo used only for the search, then deleted


IdMethod._label_ = "identification method"  # for parse() errors
