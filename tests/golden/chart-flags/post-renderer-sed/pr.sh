#!/bin/sh
sed "s/kind: ConfigMap/kind: Secret/"
