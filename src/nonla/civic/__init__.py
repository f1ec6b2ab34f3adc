"""Civic feedback as a service: agencies' triage set-up (the inbox lives in nonla.inbox)."""
