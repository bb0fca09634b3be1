from . import connection


def check() -> tuple[bool, str]:
    if not connection.enabled():
        return True, "database"
    health = connection.client().cluster.health(timeout="2s")
    return health["status"] in {"green", "yellow"}, f"elasticsearch ({health['status']})"
