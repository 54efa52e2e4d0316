"""Measures, rates and percentages in display text -> English words: "5 mg/kg" -> "five milligrams per kilogram"."""

import re

from tts_articles.speech.numbers import NUMBER, cardinal, ordinal, parse_number, say_number
from tts_articles.speech.tables import counted_table, spoken_table

# Adjectival use takes the singular: "a 155 millimeter shell". Compound names are written
# apart ("kilowatt hours"): a hyphen makes espeak read them as one word with one stress.
UNITS = counted_table("""
km/h | kilometer per hour | kilometers per hour
kph | kilometer per hour | kilometers per hour
mph | mile per hour | miles per hour
mpg | mile per gallon | miles per gallon
m/s | meter per second | meters per second
km² | square kilometer | square kilometers
km2 | square kilometer | square kilometers
sq km | square kilometer | square kilometers
m² | square meter | square meters
sq m | square meter | square meters
cm² | square centimeter | square centimeters
mm² | square millimeter | square millimeters
sq mi | square mile | square miles
sq ft | square foot | square feet
ft² | square foot | square feet
m³ | cubic meter | cubic meters
km³ | cubic kilometer | cubic kilometers
cm³ | cubic centimeter | cubic centimeters
km | kilometer | kilometers
cm | centimeter | centimeters
mm | millimeter | millimeters
μm | micrometer | micrometers
µm | micrometer | micrometers
nm | nanometer | nanometers
m | meter | meters
kg | kilogram | kilograms
mg | milligram | milligrams
μg | microgram | micrograms
µg | microgram | micrograms
mcg | microgram | micrograms
g | gram | grams
oz | ounce | ounces
mi | mile | miles
nmi | nautical mile | nautical miles
ft | foot | feet
in. | inch | inches
yd | yard | yards
lbs | pound | pounds
lb | pound | pounds
ha | hectare | hectares
ml | milliliter | milliliters
mL | milliliter | milliliters
TWh | terawatt hour | terawatt hours
GWh | gigawatt hour | gigawatt hours
MWh | megawatt hour | megawatt hours
kWh | kilowatt hour | kilowatt hours
TW | terawatt | terawatts
GW | gigawatt | gigawatts
MW | megawatt | megawatts
kW | kilowatt | kilowatts
kV | kilovolt | kilovolts
GHz | gigahertz | gigahertz
MHz | megahertz | megahertz
kHz | kilohertz | kilohertz
Hz | hertz | hertz
TB | terabyte | terabytes
GB | gigabyte | gigabytes
MB | megabyte | megabytes
Gbps | gigabit per second | gigabits per second
Mbps | megabit per second | megabits per second
dB | decibel | decibels
bpd | barrel per day | barrels per day
b/d | barrel per day | barrels per day
bcm | billion cubic meters | billion cubic meters
mcm | million cubic meters | million cubic meters
kt | kiloton | kilotons
Mt | million tonnes | million tonnes
t | tonne | tonnes
ppm | part per million | parts per million
kcal | kilocalorie | kilocalories
yrs | year | years
tbsp | tablespoon | tablespoons
tsp | teaspoon | teaspoons
hrs | hour | hours
hr | hour | hours
min | minute | minutes
mins | minute | minutes
secs | second | seconds
sec | second | seconds
l | liter | liters
L | liter | liters
°C | degree Celsius | degrees Celsius
°F | degree Fahrenheit | degrees Fahrenheit
° C | degree Celsius | degrees Celsius
° F | degree Fahrenheit | degrees Fahrenheit
° | degree | degrees
""")
# What a rate is per, after a slash: "$15/hour", "5 mg/kg", "$350/yr".
PER = spoken_table("""
h | hour
hr | hour
hour | hour
d | day
day | day
wk | week
week | week
mo | month
month | month
yr | year
year | year
min | minute
s | second
sec | second
kg | kilogram
lb | pound
km | kilometer
mi | mile
m² | square meter
sq ft | square foot
person | person
capita | capita
head | head
barrel | barrel
bbl | barrel
l | liter
liter | liter
litre | litre
gal | gallon
gallon | gallon
ton | ton
tonne | tonne
t | tonne
MWh | megawatt hour
kWh | kilowatt hour
share | share
night | night
dose | dose
""")
# Without a space, "5m" is five million in British copy, not five meters.
_NEEDS_SPACE = frozenset({"m", "g", "mi", "ha", "nm", "kt", "MB", "hr", "hrs", "t", "l", "L", "min", "sec"})
# ...unless a race or a dimension follows: "the 100m final", "a wall 3m high".
_RACE_NOUNS = frozenset("final finals race sprint dash hurdles relay freestyle butterfly backstroke breaststroke medley heat".split())
_LENGTH_WORDS = _RACE_NOUNS | frozenset("long wide high deep tall thick away across below above underground".split())
_MEASURED_NOUNS = frozenset(
    """shell shells round rounds gun guns howitzer howitzers artillery ammunition mortar mortars rocket rockets
    missile missiles cannon rifle rifles bomb bombs stretch radius zone buffer march journey trip race walk run drive
    line front corridor pipe pipeline wall fence border road""".split()
)
_SCALE_WORDS = r"(?:thousand|million|billion|trillion)"
_MIXED = r"(?:\s\d{1,2}/\d{1,2}(?!\d)|\s?[½¼¾⅓⅔⅛])"
_PER = "|".join(re.escape(written) for written in sorted(PER, key=len, reverse=True))
_UNIT_NAMES = "|".join(re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
_UNIT = re.compile(
    rf"((?:(?<![\w-])-(?=[\d.]))?{NUMBER}{_MIXED}?)(\+)?(\s{_SCALE_WORDS})?(\s|-)?({_UNIT_NAMES})(?:/({_PER}))?(?![\w/²³])"
)
_FEET_AND_INCHES = re.compile(r"(?<![\d.])(\d)\s?(?:ft|')\s?(\d{1,2})\s?(?:in\b|\"|'')")
_PERCENT = re.compile(rf"({NUMBER})\s?%")
_COORDINATE = re.compile(rf"({NUMBER})°\s?([NSEW])\b")
_COMPASS = {"N": "north", "S": "south", "E": "east", "W": "west"}
VULGAR_FRACTIONS = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8)}


def measures(text: str) -> str:
    """Say units, rates and percentages: "5 km" -> "five kilometers", "155mm shells" -> "... millimeter shells"."""
    text = _PERCENT.sub(lambda match: f"{say_number(match.group(1))} percent", text)
    text = _FEET_AND_INCHES.sub(lambda match: f"{_counted(match.group(1), 'foot', 'feet')} {_counted(match.group(2), 'inch', 'inches')}", text)
    text = _COORDINATE.sub(lambda match: f"{say_number(match.group(1))} degrees {_COMPASS[match.group(2)]}", text)
    text = _UNIT.sub(_measure_words, text)
    return rates(text)


_RATE = re.compile(rf"(?<=[a-z%])\s?/\s?({_PER})(?![\w/])")


def rates(text: str) -> str:
    """Say a slash after an amount as "per": "fifteen dollars/hour" -> "fifteen dollars per hour"."""
    return _RATE.sub(lambda match: f" per {PER[match.group(1)]}", text)


def word_after(match: re.Match[str]) -> str | None:
    """The lower-case word right after `match` ("a $5 million loan" -> "loan"), read in place within a bounded window."""
    following = _WORD_AFTER.match(match.string, match.end(), match.end() + _WORD_AFTER_CHARS)
    return following.group(1) if following else None


_WORD_AFTER = re.compile(r"\s+([a-z]+)")
_WORD_AFTER_CHARS = 40


def _measure_words(match: re.Match[str]) -> str:
    amount, plus, scale, gap, unit, per = match.groups()
    following = word_after(match)
    if unit in _NEEDS_SPACE and not gap and not scale and following not in _LENGTH_WORDS:
        return match.group(0)
    whole, fraction = _mixed_parts(amount)
    adjectival = gap == "-" or following in _MEASURED_NOUNS | _RACE_NOUNS
    singular, plural_name = UNITS[unit]
    one = abs(parse_number(whole)) == 1 and not fraction and not scale
    spoken = f"{mixed_number_words(whole, fraction)}{' plus' if plus else ''}{scale or ''} {singular if adjectival or one else plural_name}"
    return spoken + (f" per {PER[per]}" if per else "")


def _counted(digits: str, singular: str, plural_name: str) -> str:
    return f"{cardinal(int(digits))} {singular if digits == '1' else plural_name}"


def _mixed_parts(amount: str) -> tuple[str, str]:
    """ "4 1/2" -> ("4", "1/2"); "4½" -> ("4", "½"); "12" -> ("12", "")."""
    match = re.match(r"(.*?)\s?(\d{1,2}/\d{1,2}|[½¼¾⅓⅔⅛])$", amount)
    if match and match.group(1) and not match.group(1).endswith("/"):
        return match.group(1), match.group(2)
    return amount, ""


def mixed_number_words(whole: str, fraction: str) -> str:
    """ "4", "1/2" -> "four and a half"; "2", "3/4" -> "two and three quarters"."""
    spoken = say_number(whole)
    if not fraction:
        return spoken
    numerator, denominator = VULGAR_FRACTIONS.get(fraction) or tuple(int(part) for part in fraction.split("/"))
    if not 0 < numerator < denominator:
        return f"{spoken} {cardinal(numerator)} {cardinal(denominator)}"
    return f"{spoken} and {fraction_words(numerator, denominator, article=True)}"


def fraction_words(numerator: int, denominator: int, article: bool = False) -> str:
    """3/4 -> "three quarters", 1/2 -> "one half" ("a half" with `article`), 2/3 -> "two thirds"."""
    name = {2: "half", 4: "quarter"}.get(denominator) or ordinal(denominator)
    if numerator != 1:
        name = "halves" if name == "half" else name + "s"
        return f"{cardinal(numerator)} {name}"
    return f"{'a' if article else 'one'} {name}"
