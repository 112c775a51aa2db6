"""What pyproject.toml cannot say: ship the top-level `resources/` folder in the wheel.

The checkout keeps `resources/` beside the package (DESIGN.md's layout). A wheel has
no "beside the package", so the folder is mapped into the package as the data-only
package `rpgmylife_desktop.resources` (`package_dir` below); every other setting
lives in pyproject.toml. `ui/resources.py` looks inside the package first and
beside it second, so the same code finds the icons in a checkout, an editable
install, an installed wheel and a frozen build.
"""

from setuptools import find_namespace_packages, setup

RESOURCES_PACKAGE = "rpgmylife_desktop.resources"
# The resources folder and each folder under it (icons/, ...), as data-only packages.
RESOURCE_PACKAGES = [
    RESOURCES_PACKAGE,
    *(f"{RESOURCES_PACKAGE}.{name}" for name in find_namespace_packages(where="resources")),
]

setup(
    packages=[
        *find_namespace_packages(include=["rpgmylife_desktop", "rpgmylife_desktop.*"]),
        *RESOURCE_PACKAGES,
    ],
    package_dir={RESOURCES_PACKAGE: "resources"},
    package_data={name: ["*"] for name in RESOURCE_PACKAGES},
)
