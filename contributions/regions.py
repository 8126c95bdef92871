"""ITU-D (BDT) region of every ITU Member State.

Maps the ISO 3166-1 alpha-2 code of each of the 193 ITU Member States to the region used by
the ITU Telecommunication Development Bureau (BDT): africa, americas, arab_states, asia_pacific,
cis or europe. The values are those of ``contributions.models.Region``.

Country names, in each language, are read from `country_names`: translated once per language
and process (a page of fifty documents would otherwise translate each of their countries).
"""

import functools

from django.utils import translation
from django_countries import countries

ITU_REGION_BY_COUNTRY: dict[str, str] = {
    "AD": "europe",  # Andorra
    "AE": "arab_states",  # United Arab Emirates
    "AF": "asia_pacific",  # Afghanistan
    "AG": "americas",  # Antigua and Barbuda
    "AL": "europe",  # Albania
    "AM": "cis",  # Armenia
    "AO": "africa",  # Angola
    "AR": "americas",  # Argentina
    "AT": "europe",  # Austria
    "AU": "asia_pacific",  # Australia
    "AZ": "cis",  # Azerbaijan
    "BA": "europe",  # Bosnia and Herzegovina
    "BB": "americas",  # Barbados
    "BD": "asia_pacific",  # Bangladesh
    "BE": "europe",  # Belgium
    "BF": "africa",  # Burkina Faso
    "BG": "europe",  # Bulgaria
    "BH": "arab_states",  # Bahrain
    "BI": "africa",  # Burundi
    "BJ": "africa",  # Benin
    "BN": "asia_pacific",  # Brunei Darussalam
    "BO": "americas",  # Bolivia (Plurinational State of)
    "BR": "americas",  # Brazil
    "BS": "americas",  # Bahamas (The)
    "BT": "asia_pacific",  # Bhutan
    "BW": "africa",  # Botswana
    "BY": "cis",  # Belarus
    "BZ": "americas",  # Belize
    "CA": "americas",  # Canada
    "CD": "africa",  # Congo (the Democratic Republic of the)
    "CF": "africa",  # Central African Republic
    "CG": "africa",  # Congo
    "CH": "europe",  # Switzerland
    "CI": "africa",  # Côte d'Ivoire
    "CL": "americas",  # Chile
    "CM": "africa",  # Cameroon
    "CN": "asia_pacific",  # China
    "CO": "americas",  # Colombia
    "CR": "americas",  # Costa Rica
    "CU": "americas",  # Cuba
    "CV": "africa",  # Cabo Verde
    "CY": "europe",  # Cyprus
    "CZ": "europe",  # Czechia
    "DE": "europe",  # Germany
    "DJ": "arab_states",  # Djibouti
    "DK": "europe",  # Denmark
    "DM": "americas",  # Dominica
    "DO": "americas",  # Dominican Republic
    "DZ": "arab_states",  # Algeria
    "EC": "americas",  # Ecuador
    "EE": "europe",  # Estonia
    "EG": "arab_states",  # Egypt
    "ER": "africa",  # Eritrea
    "ES": "europe",  # Spain
    "ET": "africa",  # Ethiopia
    "FI": "europe",  # Finland
    "FJ": "asia_pacific",  # Fiji
    "FM": "asia_pacific",  # Micronesia (Federated States of)
    "FR": "europe",  # France
    "GA": "africa",  # Gabon
    "GB": "europe",  # United Kingdom of Great Britain and Northern Ireland
    "GD": "americas",  # Grenada
    "GE": "europe",  # Georgia
    "GH": "africa",  # Ghana
    "GM": "africa",  # Gambia
    "GN": "africa",  # Guinea
    "GQ": "africa",  # Equatorial Guinea
    "GR": "europe",  # Greece
    "GT": "americas",  # Guatemala
    "GW": "africa",  # Guinea-Bissau
    "GY": "americas",  # Guyana
    "HN": "americas",  # Honduras
    "HR": "europe",  # Croatia
    "HT": "americas",  # Haiti
    "HU": "europe",  # Hungary
    "ID": "asia_pacific",  # Indonesia
    "IE": "europe",  # Ireland
    "IL": "europe",  # Israel
    "IN": "asia_pacific",  # India
    "IQ": "arab_states",  # Iraq
    "IR": "asia_pacific",  # Iran (Islamic Republic of)
    "IS": "europe",  # Iceland
    "IT": "europe",  # Italy
    "JM": "americas",  # Jamaica
    "JO": "arab_states",  # Jordan
    "JP": "asia_pacific",  # Japan
    "KE": "africa",  # Kenya
    "KG": "cis",  # Kyrgyzstan
    "KH": "asia_pacific",  # Cambodia
    "KI": "asia_pacific",  # Kiribati
    "KM": "arab_states",  # Comoros
    "KN": "americas",  # Saint Kitts and Nevis
    "KP": "asia_pacific",  # Korea (the Democratic People's Republic of)
    "KR": "asia_pacific",  # Korea (the Republic of)
    "KW": "arab_states",  # Kuwait
    "KZ": "cis",  # Kazakhstan
    "LA": "asia_pacific",  # Lao People's Democratic Republic
    "LB": "arab_states",  # Lebanon
    "LC": "americas",  # Saint Lucia
    "LI": "europe",  # Liechtenstein
    "LK": "asia_pacific",  # Sri Lanka
    "LR": "africa",  # Liberia
    "LS": "africa",  # Lesotho
    "LT": "europe",  # Lithuania
    "LU": "europe",  # Luxembourg
    "LV": "europe",  # Latvia
    "LY": "arab_states",  # Libya
    "MA": "arab_states",  # Morocco
    "MC": "europe",  # Monaco
    "MD": "cis",  # Moldova (the Republic of)
    "ME": "europe",  # Montenegro
    "MG": "africa",  # Madagascar
    "MH": "asia_pacific",  # Marshall Islands
    "MK": "europe",  # North Macedonia
    "ML": "africa",  # Mali
    "MM": "asia_pacific",  # Myanmar
    "MN": "asia_pacific",  # Mongolia
    "MR": "arab_states",  # Mauritania
    "MT": "europe",  # Malta
    "MU": "africa",  # Mauritius
    "MV": "asia_pacific",  # Maldives
    "MW": "africa",  # Malawi
    "MX": "americas",  # Mexico
    "MY": "asia_pacific",  # Malaysia
    "MZ": "africa",  # Mozambique
    "NA": "africa",  # Namibia
    "NE": "africa",  # Niger
    "NG": "africa",  # Nigeria
    "NI": "americas",  # Nicaragua
    "NL": "europe",  # Netherlands (Kingdom of the)
    "NO": "europe",  # Norway
    "NP": "asia_pacific",  # Nepal
    "NR": "asia_pacific",  # Naoero
    "NZ": "asia_pacific",  # New Zealand
    "OM": "arab_states",  # Oman
    "PA": "americas",  # Panama
    "PE": "americas",  # Peru
    "PG": "asia_pacific",  # Papua New Guinea
    "PH": "asia_pacific",  # Philippines
    "PK": "asia_pacific",  # Pakistan
    "PL": "europe",  # Poland
    "PT": "europe",  # Portugal
    "PY": "americas",  # Paraguay
    "QA": "arab_states",  # Qatar
    "RO": "europe",  # Romania
    "RS": "europe",  # Serbia
    "RU": "cis",  # Russian Federation
    "RW": "africa",  # Rwanda
    "SA": "arab_states",  # Saudi Arabia
    "SB": "asia_pacific",  # Solomon Islands
    "SC": "africa",  # Seychelles
    "SD": "arab_states",  # Sudan
    "SE": "europe",  # Sweden
    "SG": "asia_pacific",  # Singapore
    "SI": "europe",  # Slovenia
    "SK": "europe",  # Slovakia
    "SL": "africa",  # Sierra Leone
    "SM": "europe",  # San Marino
    "SN": "africa",  # Senegal
    "SO": "arab_states",  # Somalia
    "SR": "americas",  # Suriname
    "SS": "africa",  # South Sudan
    "ST": "africa",  # Sao Tome and Principe
    "SV": "americas",  # El Salvador
    "SY": "arab_states",  # Syrian Arab Republic
    "SZ": "africa",  # Eswatini
    "TD": "africa",  # Chad
    "TG": "africa",  # Togo
    "TH": "asia_pacific",  # Thailand
    "TJ": "cis",  # Tajikistan
    "TL": "asia_pacific",  # Timor-Leste
    "TM": "cis",  # Turkmenistan
    "TN": "arab_states",  # Tunisia
    "TO": "asia_pacific",  # Tonga
    "TR": "europe",  # Türkiye
    "TT": "americas",  # Trinidad and Tobago
    "TV": "asia_pacific",  # Tuvalu
    "TZ": "africa",  # Tanzania, the United Republic of
    "UA": "europe",  # Ukraine
    "UG": "africa",  # Uganda
    "US": "americas",  # United States of America
    "UY": "americas",  # Uruguay
    "UZ": "cis",  # Uzbekistan
    "VA": "europe",  # Holy See
    "VC": "americas",  # Saint Vincent and the Grenadines
    "VE": "americas",  # Venezuela (Bolivarian Republic of)
    "VN": "asia_pacific",  # Viet Nam
    "VU": "asia_pacific",  # Vanuatu
    "WS": "asia_pacific",  # Samoa
    "YE": "arab_states",  # Yemen
    "ZA": "africa",  # South Africa
    "ZM": "africa",  # Zambia
    "ZW": "africa",  # Zimbabwe
}


def itu_region_for(country_code: str) -> str | None:
    """Return the ITU-D region of a Member State, or None if the code is not one."""
    return ITU_REGION_BY_COUNTRY.get(country_code.strip().upper())


@functools.cache
def _names_in(language: str | None) -> dict[str, str]:
    with translation.override(language):
        return {str(code): str(name) for code, name in countries}


def country_names() -> dict[str, str]:
    """Every country's name by its code, in the active language (the ITU's names where
    settings.COUNTRIES_OVERRIDE gives them)."""
    return _names_in(translation.get_language())


def country_name(code: str) -> str:
    """A country's name in the active language, "" for a code that names none."""
    return country_names().get(code.strip().upper(), "")
