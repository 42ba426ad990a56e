"""The parts of event extraction; ``parley.extract`` orchestrates them.

``rules`` loads and validates ``rules/events.yaml``; ``segment`` splits a document into
sentences and picks the candidates worth parsing; ``mentions`` turns one parsed sentence
into event mentions (a pure function); ``merge`` folds a document's mentions into reports.
"""
