"""The subscriber store: statuses, consent, tokens, the send journal, and reading bounces and
complaints from a mailbox. Addresses stay inside: errors and logs name rows, ids and tokens."""
