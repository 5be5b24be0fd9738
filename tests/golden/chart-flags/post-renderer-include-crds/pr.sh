#!/bin/sh
sed "s/^  name: /  name: post-/"
