"""The "refresh now" action of the YouTube pages: one task for the selected rows, 50 ids a batch."""
from django.contrib import messages

from beat.errors import BeatError
from beat.queue import services as queue

BATCH = 50


def submit_in_batches(admin, request, flow: str, field: str, ids: list[str]) -> None:
    made, refused = [], []
    for start in range(0, len(ids), BATCH):
        try:
            task, _ = queue.submit(flow, {field: ids[start:start + BATCH]})
            made.append(task.pk)
        except BeatError as exc:
            refused.append(exc.message)
    if made:
        admin.message_user(request, f"Created {len(made)} {flow} task{'s' if len(made) != 1 else ''}: "
                           + ", ".join(f"#{pk}" for pk in made), messages.SUCCESS)
    if refused:
        admin.message_user(request, "Refused: " + "; ".join(refused[:10]), messages.WARNING)
