"""The form kit every screen builds its forms from: widgets, field labels and the record dialog."""
