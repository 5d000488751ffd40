"""The ending every deploy check script shares: one line per problem, a summary line, and the
exit status (1 when there are problems, else 0)."""


def finish(problems, summary):
    for problem in problems:
        print(f"FAILED: {problem}")
    print(f"{summary}; {len(problems)} problems")
    return 1 if problems else 0
