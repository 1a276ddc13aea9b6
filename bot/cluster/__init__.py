"""Run Vigie as several processes: shared claims, room shares and broadcasts over Redis."""
