"""A small, known history of recognitions, and what it must count to, worked out by hand.

Vĩnh Thuận (910) communes:
  31060  NTM, standard year 2020, decided 15/03/2021
  31063  NTM 2021 (decided 20/12/2021), advanced 2022 (15/12/2022), model 2023 (01/02/2024)
  31064  NTM 2021, decided 10/01/2022, revoked 30/06/2023
  31069  NTM 2021, decided 10/01/2022, revoked 01/09/2025: after its commune ended (30/06/2025),
         so it still counts in 2025
Kiên Hải (912) commune 31108: NTM 2022, decided 01/05/2024 (two years after its standard year)
Hà Tiên (900) communes: 30781 NTM 2020 (decided 15/03/2021), 30784 NTM 2021 (20/12/2021)
Vĩnh Thuận (910): NTM 2020 by 669/QĐ-TTg of 02/06/2022
Hà Tiên (900, a city): "completed" 2020 by 671/QĐ-TTg of 02/06/2022
Kiên Hải (912): NTM 2023 (decided 01/03/2024), advanced 2024 (decided 01/03/2025)
"""

import datetime

from tests.factories import certify

D = datetime.date


def build():
    certify("31060", "ntm", 2020, "10/QĐ-UBND", D(2021, 3, 15))
    certify("30781", "ntm", 2020, "10/QĐ-UBND", D(2021, 3, 15))
    certify("31063", "ntm", 2021, "20/QĐ-UBND", D(2021, 12, 20))
    certify("30784", "ntm", 2021, "20/QĐ-UBND", D(2021, 12, 20))
    certify("31063", "advanced", 2022, "30/QĐ-UBND", D(2022, 12, 15))
    certify("31063", "model", 2023, "40/QĐ-UBND", D(2024, 2, 1))
    certify(
        "31064",
        "ntm",
        2021,
        "50/QĐ-UBND",
        D(2022, 1, 10),
        revoked_on=D(2023, 6, 30),
        revocation_number="60/QĐ-UBND",
    )
    certify(
        "31069",
        "ntm",
        2021,
        "50/QĐ-UBND",
        D(2022, 1, 10),
        revoked_on=D(2025, 9, 1),
        revocation_number="61/QĐ-UBND",
    )
    certify("31108", "ntm", 2022, "70/QĐ-UBND", D(2024, 5, 1))
    certify("910", "ntm", 2020, "669/QĐ-TTg", D(2022, 6, 2))
    certify("900", "completed", 2020, "671/QĐ-TTg", D(2022, 6, 2))
    certify("912", "ntm", 2023, "100/QĐ-TTg", D(2024, 3, 1))
    certify("912", "advanced", 2024, "200/QĐ-TTg", D(2025, 3, 1))


YEARS = [2020, 2021, 2022, 2023, 2024, 2025]

# Hand count, year by year from 2020 to 2025, for the whole province.
ACTUAL = {
    "standard": {
        # 31060, 30781 from 2020; 31063, 30784, 31064, 31069 from 2021; 31108 from 2022;
        # 31064 revoked in 2023.
        "commune_ntm": [2, 6, 7, 6, 6, 6],
        "commune_advanced": [0, 0, 1, 1, 1, 1],  # 31063 (advanced, then model)
        "commune_model": [0, 0, 0, 1, 1, 1],
        "district_ntm": [2, 2, 2, 3, 3, 3],  # 910 and 900 (completed) from 2020, 912 from 2023
        "district_advanced": [0, 0, 0, 0, 1, 1],
    },
    "decision": {
        # 31060, 30781, 31063, 30784 decided in 2021; 31064, 31069 in 2022; 31064 revoked in
        # 2023; 31108 decided in 2024.
        "commune_ntm": [0, 4, 6, 5, 6, 6],
        "commune_advanced": [0, 0, 1, 1, 1, 1],
        "commune_model": [0, 0, 0, 0, 1, 1],
        "district_ntm": [0, 0, 2, 2, 3, 3],
        "district_advanced": [0, 0, 0, 0, 0, 1],
    },
}

# Vĩnh Thuận's seven communes only.
VINH_THUAN = {
    "standard": {
        "commune_ntm": [1, 4, 4, 3, 3, 3],
        "commune_advanced": [0, 0, 1, 1, 1, 1],
        "commune_model": [0, 0, 0, 1, 1, 1],
    },
    "decision": {
        "commune_ntm": [0, 2, 4, 3, 3, 3],
        "commune_advanced": [0, 0, 1, 1, 1, 1],
        "commune_model": [0, 0, 0, 0, 1, 1],
    },
}

# What the register itself implies is missing (#19), hand count: the communes (xã) of an NTM
# district-level unit without NTM. Standard basis: Vĩnh Thuận (NTM 2020, 7 communes) lacks
# 6, 3, 3, 4, 4, 4; Hà Tiên (completed 2020, 2 communes) lacks 30784 in 2020; Kiên Hải (NTM 2023,
# 4 communes, 31108 NTM) lacks 3 from 2023. Decision basis: Vĩnh Thuận and Hà Tiên from 2022
# (02/06/2022): 3, 4, 4, 4 and 0; Kiên Hải from 2024: 3. No unit holds a higher standard without
# the lower one's decision (31063 and Kiên Hải have both), so the other indicators imply none.
IMPLIED = {
    "standard": {"commune_ntm": [7, 3, 3, 7, 7, 7]},
    "decision": {"commune_ntm": [0, 0, 3, 4, 7, 7]},
}


def implied(basis, key, year):
    return IMPLIED[basis].get(key, [0] * len(YEARS))[YEARS.index(year)]


# Plan 168's cumulative targets (DOMAIN.md) and baselines.
TARGETS = {
    "district_ntm": [3, 5, 7, 9, 9, 9],
    "district_advanced": [0, 0, 0, 0, 1, 2],
    "commune_ntm": [79, 90, 101, 113, 114, 116],
    "commune_advanced": [0, 0, 3, 24, 39, 40],
    "commune_model": [0, 0, 1, 1, 4, 15],
}
DENOMINATORS = {
    "district_ntm": 15,
    "district_advanced": 15,
    "commune_ntm": 116,
    "commune_advanced": 116,
    "commune_model": 116,
}


def actual(basis, key, year):
    return ACTUAL[basis][key][YEARS.index(year)]


def target(key, year):
    return TARGETS[key][YEARS.index(year)]
