"""Pure domain logic: periods, working days and deadlines, numbers, achievement and ratings, authorisation."""
