"""The individual plan: goals and activities, its versions, and the participant's approval."""
