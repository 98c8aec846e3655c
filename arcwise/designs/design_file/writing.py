"""From a `DesignSpec` to the text of its design file: the same design, the same text."""

from __future__ import annotations

import yaml

from arcwise.designs.design_file.format import FORMAT_VERSION
from arcwise.designs.intake_spec import question_record
from arcwise.designs.spec import DesignSpec, PhaseSpec, phase_record


class _Dumper(yaml.SafeDumper):
    pass


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Multi-line text reads best as a literal block; PyYAML falls back to quoting by itself
    # when a block cannot hold the text exactly.
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def write_design(spec: DesignSpec) -> str:
    """The design as YAML text; the same design always gives the same text."""
    document = {
        "arcwise": FORMAT_VERSION,
        "design": {
            "name": spec.name,
            "purpose": spec.purpose,
            "audience": spec.audience,
            "cadence_days": spec.cadence_days,
            # Written only when named, so a design without scales exports as it always did.
            **({"pulse_scales": list(spec.pulse_scales)} if spec.pulse_scales else {}),
            **({"wheel_areas": list(spec.wheel_areas)} if spec.wheel_areas else {}),
            # Likewise: a design without an intake writes no `intake:`, so a reader that
            # predates it reads the file as before.
            **({"intake": [question_record(q) for q in spec.intake]} if spec.intake else {}),
            "phases": [_phase(phase) for phase in spec.phases],
        },
    }
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=88, indent=2
    )


def _phase(phase: PhaseSpec) -> dict[str, object]:
    record = phase_record(phase)
    # Written only when there is client wording, so a design without it exports exactly as
    # it did before the field existed.
    if not phase.client_intent:
        del record["client_intent"]
    return record
