"""Creates schedules through the Workflows API."""
import requests


def create_schedule(base_url: str, spec: dict) -> dict:
    response = requests.post(f"{base_url}/v1/schedules", json=spec, timeout=10)
    if response.ok:
        return response.json()
    body = response.json()
    if body.get("code") == "WF_1200":
        # schedule creation failed: surfaced as-is
        raise RuntimeError(body["detail"])
    if body.get("code") == "WF_1201":
        raise LookupError("schedule not found")
    raise RuntimeError(f"{body.get('code')}: {body.get('detail')}")
