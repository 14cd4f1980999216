"""Template context shared by every page: the policy's answers for the navigation."""

from antitrafik import policy


class _Can:
    """`{{ can.plan_edit }}` in templates asks the policy for 'plan.edit'."""

    def __init__(self, user):
        self.user = user
        self._cache = {}

    def __getattr__(self, name):
        permission = name.replace("_", ".", 1)
        if permission not in self._cache:
            self._cache[permission] = policy.can(self.user, permission)
        return self._cache[permission]

    def __getitem__(self, name):
        return self.__getattr__(name)


def navigation(request):
    return {"can": _Can(getattr(request, "user", None))}
