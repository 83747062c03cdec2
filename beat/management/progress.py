"""Progress bars of the bulk commands: tqdm on the command's stderr, so stdout stays for data
(export_profiles writes its rows there) and scripts can read it."""
from tqdm import tqdm


def progress_bar(command, total: int | None, desc: str) -> tqdm:
    # OutputWrapper appends a newline to each write; tqdm needs the raw stream it wraps
    stream = getattr(command.stderr, "_out", command.stderr)
    return tqdm(total=total, desc=desc, unit="", file=stream, mininterval=0.5, dynamic_ncols=True)


def summary(command, title: str, counts: dict) -> None:
    """One line on stderr: 'title: 3 queued, 1 refused'."""
    command.stderr.write(f"{title}: " + ", ".join(f"{n} {what}" for what, n in counts.items()))
