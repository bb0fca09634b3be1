"""The UK SME test, decided in one place from the answers an organisation gives.

An organisation is small or medium-sized when it has fewer than 250 staff and either its annual
turnover is no more than £44 million or its balance sheet total is no more than £38 million.
These are the thresholds UK public buyers use when they report spending with SMEs (EU
Recommendation 2003/361, in pounds).
"""

STAFF_LIMIT = 250  # an SME has fewer than this
TURNOVER_LIMIT_PENCE = 44_000_000 * 100  # at most this
BALANCE_SHEET_LIMIT_PENCE = 38_000_000 * 100  # at most this


def is_sme(
    *, staff_headcount: int, annual_turnover_pence: int, balance_sheet_total_pence: int
) -> bool:
    return staff_headcount < STAFF_LIMIT and (
        annual_turnover_pence <= TURNOVER_LIMIT_PENCE
        or balance_sheet_total_pence <= BALANCE_SHEET_LIMIT_PENCE
    )
