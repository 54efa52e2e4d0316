"""Page furniture rules as data: each a pattern in folded text, a weight and the reason a reviewer reads.

Grouped by what a reader would call the thing they catch; furniture.py scores a line against them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRONG = 3.0
"""A cue that is furniture on its own: "Skip to content", "Enter your email"."""
MEDIUM = 2.0
"""A cue that is furniture on a short line: "Getty Images", "in your inbox"."""
WEAK = 1.0
"""A cue that needs company: "membership", "donation", "newsletter"."""
DECISIVE = 10.0
"""A cue that outweighs any length: a paragraph cut off with "…" is always a teaser."""

READER_COMMENT = "reader comment"
"""The reason for a comment's own lines ("Ann says:", "12 responses to ..."): the story is above them."""

@dataclass(frozen=True)
class Rule:
    """One explainable cue that a line is page furniture."""

    reason: str
    """What a reviewer reads in `--show-dropped`: "membership appeal", "photo credit"."""
    pattern: re.Pattern[str]
    """Searched in the folded line: lower case, straight quotes, single spaces."""
    weight: float
    ends_story: bool = False
    """The line heads a block that is never the story: a news feed, comments, related links."""


def _rules(reason: str, weight: float, *patterns: str, ends_story: bool = False) -> tuple[Rule, ...]:
    return tuple(Rule(reason, re.compile(p), weight, ends_story) for p in patterns)


SECTION_WORDS = frozenset(
    [
        "home", "news", "world", "politics", "business", "sport", "sports", "opinion", "culture",
        "lifestyle", "science", "tech", "technology", "health", "travel", "video", "videos", "podcasts",
        "podcast", "newsletters", "about", "contact", "us", "uk", "weather", "entertainment", "arts",
        "books", "food", "style", "climate", "economy", "markets", "investigations", "games", "crossword",
        "puzzles", "local", "national", "international", "europe", "asia", "africa", "americas", "middle",
        "east", "ukraine", "war", "menu", "search", "subscribe", "login", "log", "in", "sign", "account",
        "more", "sections", "live", "tv", "radio", "education", "environment", "media", "money", "property",
        "cars", "jobs", "obituaries", "latest",
    ]
)
"""Words that make up section menus; a line made almost only of them is navigation."""

SHARE_WORDS = frozenset(
    [
        "share", "save", "facebook", "twitter", "x", "linkedin", "whatsapp", "email", "e-mail", "reddit",
        "telegram", "pinterest", "print", "copy", "link", "messenger", "flipboard", "threads", "bluesky", "tweet",
        "submit", "pin", "addthis", "sharing", "buttons",
        "mastodon",
    ]
)

RULES: tuple[Rule, ...] = (
    *_rules(
        "navigation", STRONG,
        r"^skip to (main )?(content|navigation)$", r"^(edit|view) (post|page|this)$",
        r"^(menu|home|search|sections|close|back to top|open menu|main menu|toggle navigation)$",
        r"^(close|open) (panel|menu|navigation|search)$",
        r"^(log ?in|sign ?in|log ?out|sign ?out|register|my account|create (an )?account)$",
        r"^(sign up|sign in|log in|register|become an? \w+) (as|for|to|with) (a|an|our|your) \w+$",
        r"^search( for)? (articles|topics|stories|news|the site|this site)\b",
        r"^you are here:", r"^breadcrumbs?\b",
    ),
    *_rules(
        "membership appeal", STRONG,
        r"\bbecome an? (member|supporter|subscriber|patron|friend of)\b", r"\bgift (a )?membership\b",
        r"\bsupport (our|independent|quality|local|the) .{0,20}(journalism|reporting|newsroom|work)\b",
        r"\b(make|making|makes) a (one-off |monthly |small )?(financial )?contribution\b",
        r"\bdonate (now|today|here|to us)\b", r"\bfunded by (our )?readers\b", r"\breaders like you\b",
        r"\bfund our (mission|journalism|reporting|work)\b", r"\b\d[\d,]* new members\b",
        r"\bkeep (our|this) (journalism|reporting) (free|accessible|open)\b", r"\bjoin (us|now) (today|and)\b",
        r"\b(monthly|annual|one-off|recurring) (donation|contribution|gift)\b",
        r"\bwe need your (financial )?support\b", r"^support [\w&'-]+( [\w&'-]+)? (so (that )?we|and make a difference)\b",
    ),
    *_rules(
        "membership appeal", WEAK,
        r"\bmembership\b", r"\bdonat(e|ion|ions)\b", r"\bmillions of readers\b",
        r"\bour (journalism|reporting|mission|newsroom)\b",
    ),
    *_rules(
        "membership appeal", MEDIUM,
        r"\bour (readers|supporters|subscribers|members|community)\b",
        r"\bthanks to (our )?[\d,]+ (supporters|members|readers|subscribers)\b",
    ),
    *_rules(
        "subscription offer", STRONG,
        r"\balready a subscriber\b", r"\bsubscribe (now|today|for|to (read|continue|unlock))\b",
        r"\byou have \d+ free (articles?|stories) (left|remaining)\b", r"\bunlimited (digital )?access\b",
        r"^subscribers? only\b", r"\bstart your (free )?trial\b", r"^subscribe to\b",
        r"\bto (view|read|continue reading) the (full|whole|rest of the) (story|article)\b",
        r"\b\d+ issues for\b", r"\bdelivered (through|to) your (letterbox|door|doorstep)\b",
        r"\b(first-time |new )?subscribers (also )?(receive|get) (a|an|our)\b",
    ),
    *_rules(
        "newsletter form", STRONG,
        r"\benter (your )?(e-?mail|email address)\b", r"\bindicates required\b",
        r"\bsucc?ess?full?y subscribed\b", r"\b(sign(ing)? up|subscrib(e|ing)) (for|to) (this|our|the) .{0,30}newsletter",
        r"\bthank you for (signing up|subscribing)\b", r"\bconfirmation e-?mail\b",
        r"\benter (a )?(correct|valid) e-?mail\b", r"^(subscribe|sign up|sign me up|subscribe now|sign up now)!?$",
        r"\b(delivered|straight|direct(ly)?) to your inbox\b", r"^(your )?e-?mail( address)?\*?$",
    ),
    *_rules(
        "membership appeal", MEDIUM,
        r"\bjoin (them|us|thousands|[\d,]+ (readers|subscribers))\b", r"\bthousands of (readers|subscribers)\b",
    ),
    *_rules("newsletter form", STRONG, r"^(type|enter) your e-?mail\b"),
    *_rules("newsletter form", WEAK, r"\bnewsletters?\b", r"\bin your inbox\b", r"\bsign up\b"),
    *_rules(
        "cookie notice", STRONG,
        r"\b(accept|reject|manage) (all )?cookies\b",
        r"\bcookie (policy|settings|preferences|consent)\b", r"\bby (continuing|using) (to (use|browse) )?(this|our) (site|website)\b",
        r"^(accept|accept all|reject all|i agree|agree|manage (preferences|options)|ok, got it|got it)$",
    ),
    *_rules(
        "cookie notice", DECISIVE,
        r"\b(we|this (site|website)) uses? cookies\b", r"\b(necessary|non-necessary|functional|analytics) cookies (are|may)\b",
        r"\b(utilizziamo i|wir verwenden|nous utilisons des|utilizamos|usamos|мы используем) (cookies?|файлы cookie)\b",
    ),
    *_rules(
        "share buttons", STRONG,
        r"^(share\d?|share this( article| story| page)?( ?[:—–-])?|share on \w+|share page|about sharing|copy|tweet|print|"
        r"like( this)?:?|like loading.*|copy link|(link )?copied!?|save|resize|"
        r"bookmark|gift this article|save article|share article|share full article|facebook|twitter|x|x \(twitter\)|messenger|"
        r"linkedin|whatsapp|email|e-mail|reddit|telegram|pinterest|flipboard)$",
        r"^(click to )?share (this )?(on|with|to|via) [\w.+ ]{1,20}( \(opens in new window\))?$",
        r"^(copy this link|(show|hide) more sharing options|(share )?close (extra )?sharing options|close share panel)$",
        r"^these are external links and will open in a new window$", r"^copy link ?(url)?copied!?$",
        r"^(print this (article|page|story)|print article|order reprints|get short url|follow [\w.]+ on)$",
        r"^this copy is for your personal, non-commercial use only\b",
        r"\(opens in (a )?new (window|tab)\)$",
    ),
    *_rules("reading time", STRONG, r"^\d+[ -]?(min|mins|minute|minutes) (read|listen)$", r"^reading time\b", r"^\(?\d+ ?(min|mins)\)?$",
        r"^listen ?· ?\d+:\d\d$"),
    *_rules(
        "audio notice", STRONG,
        r"\bthis audio is (created|generated|produced)\b", r"\blisten to (this|the) (article|story)\b",
        r"\b(created|generated|read|narrated) (with|by) (ai|artificial intelligence|an automated voice)\b",
        r"^listen( now)?( \d+ ?min)?$", r"\baudio (version|is ai-generated)\b", r"^listen to [\w&' -]{2,30} live\b",
    ),
    *_rules(
        "photo caption", STRONG,
        r"\((photo|image|video|picture|photograph)?:? ?[^()]{0,80}(getty images|reuters|afp|ap photo|"
        r"associated press|shutterstock|epa|alamy|courtesy|via |photo|/)[^()]{0,60}\)$",
        r"\b(photograph|photo|image|picture|illustration|composite|video|graphic)( by|:) [^.]{2,60}$",
        r"^(image|photo) (source|caption)\b", r"\bpurchase licensing rights\b",
        r"\[[^\[\]]{2,60}/[^\[\]]{2,40}\]$", r" \| [^|]{2,60}/[^|/]{2,40}$",
        r"^(enlarge this image|hide caption|toggle caption|expand image|view image in fullscreen|caption)$",
        r"^media playback is unsupported on your device$", r"^this slideshow requires javascript\.?$",
        r"\bcc (by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)( \d\.\d)?$",
        r"\((left|right|center|centre|second (from )?(left|right)|front|back) ?(row)?\)",
    ),
    *_rules(
        "photo credit", STRONG,
        r"^(photo|image|picture|photograph|illustration|photo illustration|credit|photo credit|"
        r"photos|images|video)( by)?\s*[:|©]", r"^image (credit|copyright)\b", r"^getty( images)?$",
        r"^\(?(photo|image|picture)s? by\b", r"^© ?[a-z](?!.*\b(19|20)\d\d$)", r"\. by [\w .&'-]{4,60}$",
        r"[.)] © ?[\w .&'/-]{2,60}$",
        r"^(photo|image|video)s? ?[-–—] ?https?://",
    ),
    *_rules(
        "photo credit", MEDIUM,
        r"\b(getty images|ap photo|afp via getty|shutterstock|epa-efe|alamy stock)\b", r"\b\w+/(reuters|afp|ap)\b",
        r"\b(reuters|afp|ap|epa|getty images)/\w+",
    ),
    *_rules("photo credit", STRONG, r"\w / (reuters|afp|ap|ap photo|epa|getty images|nbc news|afp - getty images)( file)?$"),
    *_rules(
        "advertisement", STRONG,
        r"^(advertisement|advertising|advert|ad|ads|sponsored|sponsored content|paid content|paid post|promoted|"
        r"promoted content|partner content):?$",
        r"^(story|article) continues (below|after)( advertisement| this ad)?$", r"^scroll to continue",
        r"^continue reading (below|the main story)$", r"^(skip|close) (ad|advertisement)$",
        r"^(video )?ad feedback$", r"^sponsor(ed)? message$", r"\bhow relevant is this ad\b", r"\bvalues your feedback$",
        r"^ad choices$",
    ),
    *_rules(
        "read-more link", STRONG,
        r"^(read more|read also|also read|see also|related|recommended|watch|related video|more|"
        r"must read|don't miss|listen|read next|further reading) ?[:|>—-] ?\S",
        r"^read more\b", r"^(click|tap) here\b", r"^(continue reading|read the full (story|article))\b",
        r"^(next|previous|prev|up next|next (article|post|story)|previous (article|post|story)) ?[:»›>] ?\S", r"\bread the rest\b",
        r"^also on [\w-]+\.[a-z]{2,}\b",
    ),
    *_rules("related-article teaser", DECISIVE, r"^(?=(\S+ ){7}).*(…|\.\.\.|\[…\]|\[\.\.\.\])$"),
    *_rules(
        "related articles", STRONG,
        r"^(related|related (articles?|stories|content|coverage|reading|news)|more on this (story|topic)|"
        r"recommended( for you| stories| reading)?|you (may|might) (also )?(like|enjoy)|more (stories|news|from \w+.*)|"
        r"what to read next|read next|up next|trending( now)?|most (read|popular|viewed|shared)|popular( now)?|"
        r"editors'? picks?|editor's picks?|top stories|latest( news| stories| articles)?|in other news|"
        r"more in \w+.*|from (around|across) the web|around the web|read these next|explore more on these topics|"
        r"more on this story|related topics|most (read|popular|viewed|shared|emailed) (news|stories|articles|today|now)|"
        r"recommended from \w+|sponsored (stories|links|content)|related links|recent (stories|posts|articles|news)|"
        r"also from this source|in case you missed it|keep reading|"
        r"before you go\W*)[.…:!]*$",
        ends_story=True,
    ),
    *_rules(
        "read-more link", STRONG,
        r"^(veja tamb[eé]m|leia (tamb[eé]m|mais)|lee tambi[eé]n|(a|à) lire aussi|lire aussi|mehr zum thema|lesen sie auch|"
        r"leggi anche|lees ook)\b",
    ),
    *_rules("news feed", STRONG, r"^(news feed|live updates|live feed|latest updates)$", ends_story=True),
    *_rules(
        "timestamp", STRONG, r"^\d{1,2}:\d{2}( ?[ap]\.? ?m\.?)?( [a-z]{2,4})?$",
        r"^(updated |posted )?\d+ (seconds?|mins?|minutes?|hours?|hrs?|days?) ago( at \d{1,2}:\d\d( ?[ap]\.?m\.?)?)?$",
        r"^(yesterday|today|just now)$",
        r"^\d{4}-\d\d-\d\dt\d\d:\d\d(:\d\d)?([+-]\d\d:?\d\d|z)?$", r"^(updated|posted|published)( at| on)? \d{1,2}[:.]\d{2} ?([ap]\.?m\.?)?$",
    ),
    *_rules(
        "timestamp", STRONG,
        r"^(\d+ ?[smhd]|\d+ (seconds?|mins?|minutes?|hours?|hrs?|days?)) ago ?[/|·•-] ?\d{1,2}:\d{2}( ?[ap]\.? ?m\.?)?( [a-z]{2,4})?$",
    ),
    *_rules(
        "video player", STRONG,
        r"^(autoplay|now playing|up next|video player is loading\.?|this is a modal window\.?|\W*source: \w+)$",
        r"^(beginning|end) of dialog window\b", r"^\d{1,2}:\d{2} ?[-–—] ?source: ", r"\b\d+ videos$",
    ),
    *_rules(
        "gallery controls", STRONG,
        r"^((list|image|photo|picture|slide) )?\d+ (of|/|of /) \d+$", r"^list of \d+ items$", r"^end of list$",
        r"^(previous|next|prev|next slide|previous slide|show more|load more|see more)$",
    ),
    *_rules(
        "newsletter form", STRONG,
        r"^by (signing up|subscribing|submitting)\b", r"\brecaptcha\b", r"\bunsubscribe at any time\b",
        r"\bdelivered (every|each) (weekday|morning|day|week|evening)\b", r"^(get newsletter|register now|get started)$",
    ),
    *_rules("newsletter form", MEDIUM, r"^(sign up|subscribe) (for|to) [^.]{2,40}:"),
    *_rules(
        "newsletter form", STRONG,
        r"^(get|sign up for|subscribe to) (the|our) [^.]{0,40}newsletters?$", r"^[\w .&'-]{2,30} newsletters?$",
        r"^sign up to (get|receive)\b", r"\bby e-?mail and never miss\b", r"\bfree sign up$",
        r"^thanks? (you )?for signing up\b", r"\berror processing your subscription\b",
        r"^(get|receive) (the )?(latest|breaking|top|day's|daily) .{0,60}\b(news|stories|updates)\b",
    ),
    *_rules(
        "app promotion", STRONG,
        r"\b(download|get|install) (the|our) [\w&' -]{0,30}\bapps?\b", r"\bsave (articles|stories) to read later\b",
        r"^get [\w&' -]{2,30} on the go\b",
    ),
    *_rules("weather widget", STRONG, r"^(weather:? )?-?\d{1,3} ?°[fc]?(?![a-z]).{0,30}$"),
    *_rules("source credit", STRONG, r"^source: [^.]{2,60}$"),
    *_rules(
        "contact details", STRONG,
        r"^(media|press|investor)( relations)? contacts?:?$", r"^contact:$", r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$",
        r"^\+?\d[\d ().-]{6,}\d$", ends_story=True,
    ),
    *_rules(
        "disclosure statement", STRONG,
        r"^(disclosure statement|disclosures?|partners|view all partners|doi)$",
        r"\bprovides funding as a (founding )?member of\b", r"\bdoes not work for, consult, own shares in\b",
    ),
    *_rules("disclosure statement", WEAK, r"\b(receives|has received) funding from\b"),
    *_rules("distributor label", STRONG, r"^(news )?(provided|distributed|supplied) by:?$"),
    *_rules("wire dateline", STRONG, r"^[a-z][a-z .,'()/]{1,40} (—|–|--)$"),
    *_rules("tag list", STRONG, r"^(posted|filed) (in|under):? [^.]{2,40}$", r"^[^./]{1,30}( / [^./]{1,30}){2,}$"),
    *_rules(
        "date line", STRONG,
        r"\b(19|20)\d\d\b.{0,80}\b(categories|categor(y|ies):|\d* ?comments?|permalink|filed under|posted in)$",
    ),
    *_rules("tag list", STRONG, r"^(tags?|topics?|filed under|categories|keywords|more about|subjects?) ?[:|]"),
    *_rules(
        "comments", STRONG,
        r"^(\d+ )?comments?( \(\d+\))?$", r"^(join|start) the (conversation|discussion)\b",
        r"^(leave|post|add|write) a (comment|reply|response)\b", r"^comments are (closed|open|moderated)\b",
        r"\byou must be logged in to\b", r"^(show|view|hide|load) (all )?(\d+ )?comments\b", r"^reply$",
        r"\bcomments feed\b", r"^\[ ?\d+ comments? ?\]$", r"^as you comment\b",
        r"\b(comments?|comentários|commenti|comentarios|commentaires|kommentare)\b.{0,80}\b(moderat\w*|aprovados|approved)\b",
        r"^(lascia un commento|deja un comentario|laisser un commentaire|kommentar schreiben|deixe um comentário|"
        r"комментарии|kommentare|commenti|comentarios|commentaires|comentários)$", r"\bessere connesso per inviare un commento\b",
        ends_story=True,
    ),
    *_rules(
        READER_COMMENT, STRONG,
        r"^(\d+|one|two|three) (responses?|replies|comments|thoughts) (to|on) ", r"^\S+( \S+){0,3} (says|said|wrote):$",
        r"^[^.!?]{2,60} on [^.!?]{4,40}\b(19|20)\d\d,?( at [\d:]{4,5} ?[ap]\.?m\.?)? (said|says|wrote):?$",
        r"^\S+( \S+){0,3} commented on$", r"^(top|most|best|highest) (rated|recent|liked|popular|voted) comments$",
        r"^rating: -?\d+ votes?$", r"^\[ ?(read|view|show) all comments ?\]$",
        ends_story=True,
    ),
    *_rules(
        "footer", STRONG,
        r"(©|\(c\)|copyright) ?\d{4}\b", r"\ball rights reserved\b", r"^(©|\(c\)|copyright) .{2,60} (19|20)\d\d$",
        r"^copyright (©|\(c\))",
        ends_story=True,
    ),
    *_rules(
        "footer", STRONG,
        r"^(privacy( policy| notice)?|terms( of (use|service))?|terms and conditions|cookie policy|"
        r"contact( us)?|about( us)?|accessibility|sitemap|careers|advertise( with us)?|help|faq|imprint)$",
    ),
    *_rules("footer", WEAK, r"\bprivacy (policy|notice|settings)\b", r"\bterms (of (use|service)|and conditions)\b"),
    *_rules(
        "date line", STRONG,
        r"^(published|updated|posted|last updated|first published)( on| at)?:?$", r"^(release|publish|publication|post) date:?$",
    ),
    *_rules(
        "error-report notice", STRONG,
        r"\b(found|spot(ted)?|notice[d]?) (a|an) (spelling |typing )?(error|mistake|typo)\b", r"\bctrl ?\+ ?enter\b",
    ),
    *_rules("footer", STRONG, r"^our standards:", r"^(all )?quotes delayed\b", r"^reuse this content$"),
    *_rules("shop buttons", STRONG, r"^((buy|shop|order|upgrade|download|try)( it)? ?(now|today|free)?){1,4}$", r"^add to (cart|basket|bag)$"),
    *_rules("payment options", STRONG, r"^((visa|mastercard|master card|american ?express|amex|paypal|apple pay|google pay) ?)+$"),
    *_rules("separator", STRONG, r"^[\W_]+$"),
    *_rules("page markup", STRONG, r"^\[/?[a-z_]+( [a-z_-]+=[^\]]*)*\]", r"^\[/?[a-z_]+\]$"),
    *_rules(
        "read-more link", STRONG,
        r"^(follow|find|get|read|see) .{0,80}\b(at|on|here:?) (https?://|www\.)\S+$", r"^https?://\S+$",
        r"^(sign up|click|tap|subscribe) here\b",
    ),
    *_rules(
        "disclaimer", STRONG,
        r"\bthe views expressed (in this|here|are)\b", r"\b(do|does) not necessarily (reflect|represent)\b",
        r"\bthis (content|article|story) (was|is) (paid for|sponsored|produced) by\b",
        r"\badvertising (disclaimer|disclosure)\b", r"\bwe may (receive|earn) (compensation|a commission)\b",
        r"\bis not responsible for the (opinions|views|content)\b", r"\bmay earn an? (affiliate )?commission\b",
        r"\bopinions expressed by .{0,40} are their own\b",
    ),
    *_rules(
        "social media links", STRONG,
        r"^follow [^.]{1,40} on (twitter|facebook|instagram|linkedin|threads|bluesky|mastodon|tiktok|youtube)\b",
        r"\b(keep up|connect|stay in touch) with (me|us) on (twitter|facebook|instagram|linkedin)\b",
    ),
    *_rules(
        "reader survey", STRONG,
        r"\bwe want to hear what you think\b", r"\b(send|allow) (you )?push notifications\b", r"^want more\??$",
        r"^join our .{0,40}(forums?|community)\b", r"^email [\w .'-]{2,40} at \S+@\S+",
        r"^write to [\w .'-]{2,40} at \S+@\S+", r"^(reach|contact|follow) the (reporters?|writers?|authors?) (on|at|via)\b",
        r"^an error has occurred\b", r"^a word to our (loyal )?readers\b", r"\bclick here to support\b",
    ),
    *_rules(
        "reporting credits", STRONG,
        r"\bcontributed (reporting )?to this (report|story|article)\b", r"^\(?(additional |with )?reporting by\b",
        r"^(reporting|writing) by .{3,80}(;|\.) (additional reporting|editing) by\b", r"^editing by\b",
        r"^\(?(compiled|edited) by [a-z .]+\)?\.?$",
    ),
)
