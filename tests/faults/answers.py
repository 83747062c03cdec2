"""Upstream answers gone wrong, shared by the fault tests: the same shape with values of the wrong types."""
import random


def mangled(value, rng: random.Random, *, root=True):
    """The answer's shape with values of the wrong types: numbers as words, texts as objects, objects
    as lists, lists as text; or, now and then, a whole answer of the wrong type."""
    if root and rng.random() < 0.25:
        return rng.choice([[1, 2, 3], "just a string", 42, None])
    if not root and rng.random() < 0.3:
        wrong = {dict: [1, 2], list: "none", str: {"text": 1}, bool: "yes", int: "many", float: "lots"}
        return wrong.get(type(value), {"null": "not"})
    if isinstance(value, dict):
        return {key: mangled(item, rng, root=False) for key, item in value.items()}
    if isinstance(value, list):
        return [mangled(item, rng, root=False) for item in value]
    return value
