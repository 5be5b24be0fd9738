#!/bin/sh
echo "ignored: input"
