{{/* helper */}}
