"""The registry of claims, per family; family modules call register() at import."""
_CLAIMS = []


def register(*claims):
    ids = {c.id for c in _CLAIMS}
    for c in claims:
        if c.id in ids:
            raise ValueError(f"duplicate claim id {c.id}")
        ids.add(c.id)
        _CLAIMS.append(c)


def all_claims():
    return list(_CLAIMS)


def claims_for(families):
    """Claims that involve at least one of `families`, in registration order."""
    families = set(families)
    return [c for c in _CLAIMS if families & set(c.families)]
