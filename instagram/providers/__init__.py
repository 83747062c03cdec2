"""Instagram's upstream clients, one module per API, all on the interface of base.py.

PROVIDERS maps each credential source to its class; orders.providers_for(operation) gives a
flow the classes to try, in the configured fallback order.
"""
from instagram.providers.arraybobo import ArrayBobo
from instagram.providers.base import InstagramProvider, RawAnswer
from instagram.providers.bestsolutions import BestSolutions
from instagram.providers.graphapi import GraphAPI
from instagram.providers.igapi import IGApi
from instagram.providers.jotucker import JoTucker
from instagram.providers.lama import Lama
from instagram.providers.neotank import NeoTank
from instagram.providers.rocketapi import RocketAPI

PROVIDERS: dict[str, type[InstagramProvider]] = {
    cls.source: cls for cls in (GraphAPI, Lama, JoTucker, ArrayBobo, NeoTank, BestSolutions, IGApi, RocketAPI)
}

__all__ = ["PROVIDERS", "ArrayBobo", "BestSolutions", "GraphAPI", "IGApi", "InstagramProvider", "JoTucker", "Lama",
           "NeoTank", "RawAnswer", "RocketAPI"]
