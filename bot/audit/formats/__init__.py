"""Every export format Upward recognises, one module each. Adding a format is one new module
and one line here."""

from bot.audit.formats import (
    canonical,
    facebook_page,
    facebook_posts,
    ga4,
    ga4_pages,
    google_ads,
    govdelivery,
    instagram_posts,
    linkedin_content,
    linkedin_followers,
    mailchimp,
    microsoft_ads,
    tiktok_followers,
    tiktok_overview,
    x_tweets,
    youtube_studio,
)
from bot.audit.formats.base import FormatSpec

FORMATS: tuple[FormatSpec, ...] = tuple(
    module.FORMAT
    for module in (
        facebook_posts,
        instagram_posts,
        facebook_page,
        linkedin_followers,
        linkedin_content,
        x_tweets,
        youtube_studio,
        tiktok_overview,
        tiktok_followers,
        ga4,
        ga4_pages,
        google_ads,
        microsoft_ads,
        mailchimp,
        govdelivery,
        canonical,
    )
)
